import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { MailService } from '../mail/mail.service';
import type { Notification } from './notification.entity';
import { ONE_TIME_LINK_TYPES } from './notification-types';

/** The channels a notification goes out on besides the inbox (the row itself), in delivery order. */
export interface Channel {
  name: 'email' | 'webhook';
  send(notification: Notification): Promise<void>;
}

export class DeliveryIncomplete extends Error {}

/**
 * Delivers one notification on each of its pending channels. A channel is claimed by a conditional update
 * before it is sent, so a job that runs twice (or two workers with the same job) sends once; a failure counts
 * an attempt, and the channel ends `failed` when the attempts are used up.
 */
@Injectable()
export class NotificationDelivery {
  private readonly maxAttempts: number;
  /** A claim older than this belongs to a delivery that died; another may take the channel over. */
  private readonly claimTimeoutSeconds: number;
  private readonly channels: Channel[];
  private readonly statements = new Map<Channel['name'], ChannelStatements>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    mail: MailService,
    config: ConfigService<Environment, true>,
  ) {
    this.maxAttempts = config.get('NOTIFICATION_MAX_ATTEMPTS', { infer: true });
    this.claimTimeoutSeconds = config.get('NOTIFICATION_CLAIM_TIMEOUT_SECONDS', { infer: true });
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
    // One malformed id would fail the whole statement it is gathered into, everyone else's claims with it.
    if (!UUID.test(notificationId)) throw new Error(`not a notification id: ${notificationId}`);
    const retry: string[] = [];
    for (const channel of this.channels) {
      const statements = this.statementsOf(channel.name);
      const row = await statements.claim.run(notificationId);
      if (!row) continue;
      try {
        await channel.send(row);
        await statements.markSent.run(notificationId);
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

  /**
   * The claim and the "sent" mark of one channel, each gathered across concurrent deliveries: at 50 deliveries
   * at once a few statements (and commits) do the work of 100, which is what limited throughput (docs/decisions.md).
   * Each row is still claimed by its own conditional update before anything is sent, and marked before its job ends.
   */
  private statementsOf(name: Channel['name']): ChannelStatements {
    const known = this.statements.get(name);
    if (known) return known;
    const statements: ChannelStatements = {
      claim: new Gathered(async (ids) => {
        const [claimed]: [ClaimedNotification[], number] = await this.dataSource.query(
          `UPDATE notifications
              SET ${name}_status = 'sending', ${name}_attempts = ${name}_attempts + 1, claimed_at = now()
            WHERE id = ANY($1::uuid[])
              AND (${name}_status = 'pending'
                   OR (${name}_status = 'sending'
                       AND claimed_at < now() - make_interval(secs => ${this.claimTimeoutSeconds})))
            RETURNING id, recipient_user_id AS "recipientUserId", recipient_email AS "recipientEmail", locale, type,
                      subject_type AS "subjectType", subject_id AS "subjectId", title, body, created_at AS "createdAt",
                      ${name}_attempts AS attempts`,
          [ids],
        );
        // An id asked for twice at once (the same job running twice) is claimed once: the first caller has it.
        const byId = new Map(claimed.map((row) => [row.id, row]));
        return ids.map((id) => {
          const row = byId.get(id);
          byId.delete(id);
          return row;
        });
      }),
      markSent: new Gathered(async (ids) => {
        await this.dataSource.query(
          `UPDATE notifications SET ${name}_status = 'sent', ${name}_sent_at = now(), ${name}_last_error = NULL,
                  body = CASE WHEN type::text = ANY($2::text[])
                              THEN regexp_replace(body, 'token=[A-Za-z0-9_-]+', 'token=(sent)', 'g')
                              ELSE body END
            WHERE id = ANY($1::uuid[])`,
          [ids, ONE_TIME_LINK_TYPES],
        );
        return ids.map(() => undefined);
      }),
    };
    this.statements.set(name, statements);
    return statements;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ClaimedNotification = Notification & { attempts: number };

interface ChannelStatements {
  claim: Gathered<ClaimedNotification | undefined>;
  markSent: Gathered<undefined>;
}

/** How long a first call waits for others to join its statement: at 50 deliveries at once, batches of ~10. */
const GATHER_MS = 2;

/**
 * Gathers calls into one statement: a first call waits GATHER_MS for company, calls made while a statement is in
 * flight go out together when it returns. A statement that fails fails each of its callers, as each one's own
 * statement would have; nothing it would have changed is changed.
 */
class Gathered<R> {
  private waiting: Array<{ id: string; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private busy = false;

  constructor(
    private readonly statement: (ids: string[]) => Promise<R[]>,
    private readonly max = 500,
  ) {}

  run(id: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      setTimeout(() => void this.drain(), GATHER_MS);
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.max);
      try {
        const results = await this.statement(batch.map((call) => call.id));
        batch.forEach((call, index) => call.resolve(results[index]));
      } catch (error) {
        for (const call of batch) call.reject(error);
      }
    }
    this.busy = false;
  }
}
