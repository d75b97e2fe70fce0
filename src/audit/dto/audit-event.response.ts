import { ApiProperty } from '@nestjs/swagger';

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'Null when the system acted (jobs, CLI)' })
  actorId!: string | null;

  @ApiProperty({ example: 'invitation.created' })
  action!: string;

  @ApiProperty({ example: 'invitation' })
  entityType!: string;

  @ApiProperty({ format: 'uuid' })
  entityId!: string;

  @ApiProperty({
    description: 'Changed fields, each with its value before and after',
    example: { role: { before: null, after: 'participant' } },
  })
  changes!: Record<string, { before: unknown; after: unknown }>;

  @ApiProperty()
  occurredAt!: Date;
}
