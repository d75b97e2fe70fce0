import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/** Append-only: who did what to which record, and which fields changed. */
@Entity('audit_events')
@Index(['entityType', 'entityId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for the system itself (jobs, CLI). No foreign key: the trail outlives deleted users. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes!: AuditChanges;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;
}
