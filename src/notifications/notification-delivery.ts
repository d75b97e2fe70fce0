import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { MailService } from '../mail/mail.service';
import type { Notification } from './notification.entity';

/** The channels a notification goes out on besides the inbox (the row itself), in delivery order. */
export interface Channel {
  name: 'email' | 'webhook';
  send(notification: Notification): Promise<void>;
}

export class DeliveryIncomplete extends Error {}

/** A claim older than this belongs to a delivery that died; another may take the channel over. */
const CLAIM_TIMEOUT = '2 minutes';

/**
 * Delivers one notification on each of its pending channels. A channel is claimed by a conditional update
 * before it is sent, so a job that runs twice (or two workers with the same job) sends once; a failure counts
 * an attempt, and the channel ends `failed` when the attempts are used up.
 */
@Injectable()
export class NotificationDelivery {
  private readonly maxAttempts: number;
  private readonly channels: Channel[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    mail: MailService,
    config: ConfigService<Environment, true>,
  ) {
    this.maxAttempts = config.get('NOTIFICATION_MAX_ATTEMPTS', { infer: true });
    this.channels = [
      {
        name: 'email',
        send: (notification) =>
          mail.send({
            to: notification.recipientEmail!,
            subject: notification.title,
            text: notification.body,
            messageId: `<${notification.id}@notifications.twinning>`,
          }),
      },
    ];
  }

  /** Adds a channel (the webhook channel registers itself). */
  register(channel: Channel): void {
    this.channels.push(channel);
  }

  async deliver(notificationId: string): Promise<void> {
    const retry: string[] = [];
    for (const channel of this.channels) {
      const [claimed]: [Notification[], number] = await this.dataSource.query(
        `UPDATE notifications
            SET ${channel.name}_status = 'sending', ${channel.name}_attempts = ${channel.name}_attempts + 1,
                claimed_at = now()
          WHERE id = $1
            AND (${channel.name}_status = 'pending'
                 OR (${channel.name}_status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
          RETURNING id, recipient_user_id AS "recipientUserId", recipient_email AS "recipientEmail", locale, type,
                    subject_type AS "subjectType", subject_id AS "subjectId", title, body, created_at AS "createdAt",
                    ${channel.name}_attempts AS attempts`,
        [notificationId],
      );
      const row = claimed[0] as (Notification & { attempts: number }) | undefined;
      if (!row) continue;
      try {
        await channel.send(row);
        await this.dataSource.query(
          `UPDATE notifications SET ${channel.name}_status = 'sent', ${channel.name}_sent_at = now(),
                  ${channel.name}_last_error = NULL WHERE id = $1`,
          [notificationId],
        );
      } catch (error) {
        const exhausted = row.attempts >= this.maxAttempts;
        await this.dataSource.query(
          `UPDATE notifications SET ${channel.name}_status = $2, ${channel.name}_last_error = $3 WHERE id = $1`,
          [notificationId, exhausted ? 'failed' : 'pending', String((error as Error).message ?? error).slice(0, 1000)],
        );
        if (!exhausted) retry.push(channel.name);
      }
    }
    // The queue retries the job with backoff; channels already sent are not sent again.
    if (retry.length) throw new DeliveryIncomplete(`not delivered yet on ${retry.join(', ')}`);
  }
}
