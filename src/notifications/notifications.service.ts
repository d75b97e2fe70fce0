import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Viewer } from '../common/auth/viewer-scope';
import { notFound } from '../common/http/problem.exception';
import { Page, pageOf } from '../common/pagination/page';
import { Locale, User } from '../users/user.entity';
import { NotificationListQuery } from './dto/notification.dto';
import { Notification } from './notification.entity';
import { NotificationType, REMINDER_TYPES } from './notification-types';
import { render } from './templates/render';

export interface NotificationSubject {
  type: string;
  id: string | null;
}

interface NotificationInput {
  type: NotificationType;
  subject: NotificationSubject;
  params: Record<string, string | number>;
  /** Set for reminders: a second notification with the same key is not written. */
  dedupeKey?: string;
}

/**
 * The outbox. Other modules call these inside their own transaction, so a notification exists exactly when the
 * change that causes it is committed; the worker's relay takes it to the queue from there.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async notifyUser(tx: EntityManager, userId: string, input: NotificationInput): Promise<void> {
    const user = await tx.getRepository(User).findOneBy({ id: userId });
    if (!user) return;
    const mutedByUser = REMINDER_TYPES.includes(input.type) && user.mutedEmailTypes.includes(input.type);
    await this.write(tx, {
      ...input,
      recipientUserId: user.id,
      recipientEmail: user.email,
      locale: user.locale,
      email: user.active && !mutedByUser,
      webhook: user.active && user.webhookUrl !== null,
    });
  }

  /** Every active user of a role (the coordinators, say). */
  async notifyRole(tx: EntityManager, role: User['role'], input: NotificationInput): Promise<void> {
    const users = await tx.getRepository(User).find({ select: { id: true }, where: { role, active: true } });
    for (const user of users) {
      await this.notifyUser(tx, user.id, { ...input, dedupeKey: input.dedupeKey && `${input.dedupeKey}:${user.id}` });
    }
  }

  /** An address that is no user's (an organisation's contact, an invitee): e-mail only, no inbox. */
  async notifyAddress(tx: EntityManager, email: string, locale: Locale, input: NotificationInput): Promise<void> {
    await this.write(tx, {
      ...input,
      recipientUserId: null,
      recipientEmail: email,
      locale,
      email: true,
      webhook: false,
    });
  }

  private async write(
    tx: EntityManager,
    row: NotificationInput & {
      recipientUserId: string | null;
      recipientEmail: string;
      locale: Locale;
      email: boolean;
      webhook: boolean;
    },
  ): Promise<void> {
    const { title, body } = render(row.type, row.locale, row.params);
    await tx
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        recipientUserId: row.recipientUserId,
        recipientEmail: row.recipientEmail,
        locale: row.locale,
        type: row.type,
        subjectType: row.subject.type,
        subjectId: row.subject.id,
        title,
        body,
        emailStatus: row.email ? 'pending' : 'skipped',
        webhookStatus: row.webhook ? 'pending' : 'skipped',
        dedupeKey: row.dedupeKey ?? null,
      })
      .orIgnore()
      .execute();
  }

  /** The caller's own inbox, newest first. */
  async inbox(query: NotificationListQuery, viewer: Viewer): Promise<Page<Notification>> {
    const [items, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { recipientUserId: viewer.id, ...(query.unread && { readAt: IsNull() }) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async markRead(id: string, viewer: Viewer): Promise<Notification> {
    const repository = this.dataSource.getRepository(Notification);
    const notification = await repository.findOneBy({ id, recipientUserId: viewer.id });
    if (!notification) throw notFound('Notification');
    if (!notification.readAt) {
      notification.readAt = new Date();
      await repository.update({ id }, { readAt: notification.readAt });
    }
    return notification;
  }

  async markAllRead(viewer: Viewer): Promise<number> {
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ recipientUserId: viewer.id, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}
