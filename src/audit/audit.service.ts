import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { AuditChanges, AuditEvent } from './audit-event.entity';
import { AuditEventQuery } from './dto/audit-event.query';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: AuditChanges;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Pass the caller's transaction manager so the event commits with the change it records, or not at all. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.save(repository.create({ ...entry, changes: entry.changes ?? {} }), { reload: false });
  }

  /** Many events in one statement per thousand (for changes that touch many records at once). */
  async recordMany(entries: AuditEntry[], manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(AuditEvent);
    for (let start = 0; start < entries.length; start += 1_000) {
      const chunk = entries.slice(start, start + 1_000);
      // The jsonb column's type is wider than TypeORM's insert typing can express.
      await repository.insert(
        chunk.map((entry) => ({ ...entry, changes: entry.changes ?? {} })) as QueryDeepPartialEntity<AuditEvent>[],
      );
    }
  }

  async list(query: AuditEventQuery): Promise<Page<AuditEvent>> {
    const { field, direction } = parseSort(query.sort, '-occurredAt');
    const builder = this.events.createQueryBuilder('event');
    if (query.actorId) builder.andWhere('event.actorId = :actorId', { actorId: query.actorId });
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    const entityType = query.entityType ?? query.entity;
    if (entityType) builder.andWhere('event.entityType = :entityType', { entityType });
    if (query.entityId) builder.andWhere('event.entityId = :entityId', { entityId: query.entityId });
    if (query.from) builder.andWhere('event.occurredAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.occurredAt < :to', { to: query.to });
    const [items, total] = await builder
      .orderBy(`event.${field}`, direction)
      .addOrderBy('event.id', direction)
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }
}
