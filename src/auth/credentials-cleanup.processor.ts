import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { MAINTENANCE_JOBS, QUEUES } from '../queues/queues';

const EVERY_SIX_HOURS = 6 * 3600 * 1000;

/**
 * Deletes refresh tokens and invitations that can no longer be used, and stored idempotent answers past their
 * 24 hours (they may hold personal data and replay nothing any more). Revoked and rotated tokens are kept
 * for 30 days, so that reuse of a stolen token is still recognised (and its family revoked) meanwhile.
 */
@Processor(QUEUES.maintenance)
export class CredentialsCleanupProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CredentialsCleanupProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent across restarts and worker copies: one schedule by this id.
    await this.queue.upsertJobScheduler(
      MAINTENANCE_JOBS.purgeExpiredCredentials,
      { every: EVERY_SIX_HOURS },
      {
        name: MAINTENANCE_JOBS.purgeExpiredCredentials,
      },
    );
  }

  async process(job: Job): Promise<{ refreshTokens: number; invitations: number; idempotencyKeys: number }> {
    if (job.name !== MAINTENANCE_JOBS.purgeExpiredCredentials) {
      return { refreshTokens: 0, invitations: 0, idempotencyKeys: 0 };
    }
    const [, refreshTokens] = await this.dataSource.query(
      `DELETE FROM refresh_tokens
        WHERE expires_at < now()
           OR (revoked_at IS NOT NULL AND revoked_at < now() - interval '30 days')`,
    );
    const [, invitations] = await this.dataSource.query(
      `DELETE FROM invitations
        WHERE accepted_at IS NULL AND (expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days')`,
    );
    const [, idempotencyKeys] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    this.logger.log({ refreshTokens, invitations, idempotencyKeys }, 'purged expired credentials');
    return { refreshTokens, invitations, idempotencyKeys };
  }
}
