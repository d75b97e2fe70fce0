import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { Brackets, DataSource } from 'typeorm';
import { conflict, notFound } from '../common/http/problem.exception';
import { Page, pageOf } from '../common/pagination/page';
import { NotificationJobData, QUEUES } from '../queues/queues';
import { AdminNotificationListQuery, DELIVERY_CHANNELS } from './dto/admin-notification.dto';
import { Notification } from './notification.entity';

/** What admins need to follow deliveries (§7: failures are visible to admins) and to send a failed one again. */
@Injectable()
export class AdminNotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<NotificationJobData>,
  ) {}

  /** Every recipient's notifications, newest first, filtered by channel status. */
  async list(query: AdminNotificationListQuery): Promise<Page<Notification>> {
    const builder = this.dataSource.getRepository(Notification).createQueryBuilder('notification');
    const channels = query.channel ? [query.channel] : DELIVERY_CHANNELS;
    if (query.status) {
      const { status } = query;
      builder.andWhere(
        new Brackets((where) => {
          for (const channel of channels) where.orWhere(`notification.${channel}Status = :status`, { status });
        }),
      );
    } else if (query.channel) {
      builder.andWhere(`notification.${query.channel}Status <> 'skipped'`);
    }
    const [items, total] = await builder
      .orderBy('notification.createdAt', 'DESC')
      .addOrderBy('notification.id', 'DESC')
      .skip(query.offset)
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /**
   * Puts the failed channels back to pending with their attempts reset, and the notification back in the relay's
   * hands (relayed_at cleared): the relay queues it again under the same job id, so the old job, which finished
   * or failed, must go first. Channels already sent stay sent (the delivery's claim skips them).
   */
  async retry(id: string): Promise<Notification> {
    const repository = this.dataSource.getRepository(Notification);
    const notification = await repository.findOneBy({ id });
    if (!notification) throw notFound('Notification');
    if (notification.emailStatus !== 'failed' && notification.webhookStatus !== 'failed') {
      throw conflict('not-failed', 'No channel of this notification has failed');
    }
    // Before the reset: once relayed_at is cleared the relay may queue it, which adds nothing while the old job exists.
    await this.removeJob(id);
    const [, updated]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications
          SET email_status = CASE WHEN email_status = 'failed' THEN 'pending' ELSE email_status END,
              email_attempts = CASE WHEN email_status = 'failed' THEN 0 ELSE email_attempts END,
              webhook_status = CASE WHEN webhook_status = 'failed' THEN 'pending' ELSE webhook_status END,
              webhook_attempts = CASE WHEN webhook_status = 'failed' THEN 0 ELSE webhook_attempts END,
              -- A live claim on the other channel keeps its time, or it could never be taken over if it died.
              claimed_at = CASE WHEN 'sending' IN (email_status, webhook_status) THEN claimed_at END,
              relayed_at = NULL
        WHERE id = $1 AND 'failed' IN (email_status, webhook_status)`,
      [id],
    );
    // Another admin's retry came first.
    if (!updated) throw conflict('not-failed', 'No channel of this notification has failed');
    return (await repository.findOneBy({ id }))!;
  }

  private async removeJob(id: string): Promise<void> {
    const inDelivery = () =>
      conflict('notification-in-delivery', 'The notification is being delivered on another channel; retry shortly');
    const job = await this.queue.getJob(id);
    if (!job) return;
    if (await job.isActive()) throw inDelivery();
    try {
      await job.remove();
    } catch {
      // It became active in the meantime (removal refuses a locked job).
      throw inDelivery();
    }
  }
}
