import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/http/problem.exception';
import { User } from '../users/user.entity';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationType, REMINDER_TYPES } from './notification-types';

/** Kept in the catalogue's order, so that the answer does not depend on the order the client sent. */
const inCatalogueOrder = (types: string[]): NotificationType[] => REMINDER_TYPES.filter((type) => types.includes(type));

/**
 * A user's own notification preferences. Muting is for reminders only (the DTO refuses anything else); the
 * outbox reads the list when it writes a reminder, so a change applies to reminders written after it.
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string): Promise<NotificationPreferencesDto> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ select: { id: true, mutedEmailTypes: true }, where: { id: userId } });
    if (!user) throw notFound('User');
    return { mutedEmailTypes: inCatalogueOrder(user.mutedEmailTypes) };
  }

  async setMutedEmailTypes(userId: string, types: NotificationType[]): Promise<NotificationPreferencesDto> {
    const mutedEmailTypes = inCatalogueOrder(types);
    await this.dataSource.transaction(async (tx) => {
      const before = await tx.getRepository(User).findOne({
        select: { id: true, mutedEmailTypes: true },
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw notFound('User');
      const previous = inCatalogueOrder(before.mutedEmailTypes);
      if (previous.join() === mutedEmailTypes.join()) return;
      await tx.getRepository(User).update({ id: userId }, { mutedEmailTypes });
      // Kept, so that "I never got the reminder" can be answered.
      await this.audit.record(
        {
          actorId: userId,
          action: 'user.email_preferences_changed',
          entityType: 'user',
          entityId: userId,
          changes: { mutedEmailTypes: { before: previous, after: mutedEmailTypes } },
        },
        tx,
      );
    });
    return { mutedEmailTypes };
  }
}
