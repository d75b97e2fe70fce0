import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { NOTIFICATION_JOBS, NotificationJobData, QUEUES } from '../queues/queues';

const BATCH = 500;

/**
 * Moves committed notifications from PostgreSQL to the `notifications` queue, the notification id as job id.
 * Rows are taken with SKIP LOCKED, so several workers relay at once without doubling; a crash between the
 * queue and the commit leaves the rows to be relayed again, which adds nothing for jobs that exist. Rows
 * relayed long ago and still pending (Redis lost its jobs) are queued again.
 */
@Injectable()
export class NotificationRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationRelay.name);
  private readonly intervalMs: number;
  private readonly requeueAfterSeconds: number;
  private readonly attempts: number;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<NotificationJobData>,
    config: ConfigService<Environment, true>,
  ) {
    this.intervalMs = config.get('NOTIFICATION_RELAY_INTERVAL_MS', { infer: true });
    this.requeueAfterSeconds = config.get('NOTIFICATION_REQUEUE_AFTER_SECONDS', { infer: true });
    this.attempts = config.get('NOTIFICATION_MAX_ATTEMPTS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass; overlapping calls share the pass in progress. Returns how many notifications were queued. */
  sweep(): Promise<number> {
    this.sweeping ??= this.relayAll()
      .catch((error: unknown) => {
        // Redis or PostgreSQL away: the rows stay as they are and the next pass tries again.
        this.logger.warn({ err: error }, 'notification relay pass failed');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{ id: string; stale: boolean }> = await tx.query(
        `SELECT id, relayed_at IS NOT NULL AS stale FROM notifications
          WHERE relayed_at IS NULL
             OR (relayed_at < now() - make_interval(secs => $1)
                 AND (email_status IN ('pending', 'sending') OR webhook_status IN ('pending', 'sending'))
                 AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $1)))
          ORDER BY created_at
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED`,
        [this.requeueAfterSeconds],
      );
      if (!rows.length) return 0;
      // A job that finished or failed long ago keeps its id in Redis; it must go before the id can be used again.
      for (const { id } of rows.filter((row) => row.stale)) {
        const job = await this.queue.getJob(id);
        if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove();
      }
      await this.queue.addBulk(
        rows.map(({ id }) => ({
          name: NOTIFICATION_JOBS.deliver,
          data: { notificationId: id },
          opts: { jobId: id, attempts: this.attempts, backoff: { type: 'exponential', delay: 1_000 } },
        })),
      );
      await tx.query(`UPDATE notifications SET relayed_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
