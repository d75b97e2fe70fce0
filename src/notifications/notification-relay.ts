import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { NOTIFICATION_JOBS, NotificationJobData, QUEUES } from '../queues/queues';

const BATCH = 500;

/** Rows relayed long ago and still undelivered: their job may have been lost with Redis. */
const STALE = `relayed_at < now() - make_interval(secs => $1)
  AND (email_status IN ('pending', 'sending') OR webhook_status IN ('pending', 'sending'))
  AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $1))`;

/**
 * Moves committed notifications from PostgreSQL to the `notifications` queue, the notification id as job id.
 * Rows are taken with SKIP LOCKED, so several workers relay at once without doubling; a crash between the
 * queue and the commit leaves the rows to be relayed again, which adds nothing for jobs that exist. Rows
 * relayed long ago and still pending (Redis lost its jobs) are queued again.
 *
 * New rows are found through the partial index on unrelayed rows, cheaply, on every pass. Finding stale rows reads
 * every undelivered row, thousands during a burst, so the periodic passes look for them only every tenth of
 * NOTIFICATION_REQUEUE_AFTER_SECONDS (a lost job waits at most 10% longer); `sweep()` always does.
 */
@Injectable()
export class NotificationRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationRelay.name);
  private readonly intervalMs: number;
  private readonly requeueAfterSeconds: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly staleEveryMs: number;
  private timer?: NodeJS.Timeout;
  private sweeping?: { stale: boolean; done: Promise<number> };
  private staleLookedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<NotificationJobData>,
    config: ConfigService<Environment, true>,
  ) {
    this.intervalMs = config.get('NOTIFICATION_RELAY_INTERVAL_MS', { infer: true });
    this.requeueAfterSeconds = config.get('NOTIFICATION_REQUEUE_AFTER_SECONDS', { infer: true });
    this.attempts = config.get('NOTIFICATION_MAX_ATTEMPTS', { infer: true });
    this.backoffMs = config.get('NOTIFICATION_BACKOFF_MS', { infer: true });
    this.staleEveryMs = Math.max(this.intervalMs, this.requeueAfterSeconds * 100);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.pass(Date.now() - this.staleLookedAt >= this.staleEveryMs),
      this.intervalMs,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.done;
  }

  /** One pass, stale rows included; overlapping calls share the pass in progress. Returns how many were queued. */
  sweep(): Promise<number> {
    return this.pass(true);
  }

  private pass(stale: boolean): Promise<number> {
    const current = this.sweeping;
    if (current && (current.stale || !stale)) return current.done;
    // A pass without stale rows is in progress: the caller needs one with them, after it.
    if (current) return current.done.then(() => this.pass(stale));
    const done = this.relayAll(stale)
      .catch((error: unknown) => {
        // Redis or PostgreSQL away: the rows stay as they are and the next pass tries again.
        this.logger.warn({ err: error }, 'notification relay pass failed');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    this.sweeping = { stale, done };
    return done;
  }

  private async relayAll(stale: boolean): Promise<number> {
    let total = 0;
    for (const which of stale ? (['new', 'stale'] as const) : (['new'] as const)) {
      if (which === 'stale') this.staleLookedAt = Date.now();
      for (;;) {
        const relayed = await this.relayBatch(which);
        total += relayed;
        if (relayed < BATCH) break;
      }
    }
    return total;
  }

  private relayBatch(which: 'new' | 'stale'): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{ id: string; stale: boolean }> = await tx.query(
        `SELECT id, relayed_at IS NOT NULL AS stale FROM notifications
          WHERE ${which === 'new' ? 'relayed_at IS NULL' : STALE}
          ORDER BY created_at
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED`,
        which === 'new' ? [] : [this.requeueAfterSeconds],
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
          opts: { jobId: id, attempts: this.attempts, backoff: { type: 'exponential', delay: this.backoffMs } },
        })),
      );
      await tx.query(`UPDATE notifications SET relayed_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
