import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { CredentialsCleanupProcessor } from '../src/auth/credentials-cleanup.processor';
import { MAINTENANCE_JOBS, QUEUES } from '../src/queues/queues';
import { WorkerModule } from '../src/worker.module';
import { resetState } from './support/test-app';

describe('Worker process', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    worker.enableShutdownHooks();
    await worker.init();
    dataSource = worker.get(getDataSourceToken());
    await resetState(dataSource);
    // resetState cleared Redis: register the schedule again, as a restarting worker does.
    await worker.get(CredentialsCleanupProcessor).onApplicationBootstrap();
  });

  afterAll(() => worker.close());

  it('schedules the credentials purge once, however often it starts', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.maintenance));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual([MAINTENANCE_JOBS.purgeExpiredCredentials]);
  });

  it('processes a queued purge: expired tokens go, live ones stay', async () => {
    const [user] = await dataSource.query(
      `INSERT INTO users (email, display_name, role) VALUES ('holder@example.org', 'Holder', 'participant') RETURNING id`,
    );
    await dataSource.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES
         ($1, gen_random_uuid(), 'expired', now() - interval '1 hour'),
         ($1, gen_random_uuid(), 'live', now() + interval '1 day')`,
      [user.id],
    );
    const queue = worker.get<Queue>(getQueueToken(QUEUES.maintenance));
    const events = new QueueEvents(QUEUES.maintenance, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
    });
    await events.waitUntilReady();
    try {
      const job = await queue.add(MAINTENANCE_JOBS.purgeExpiredCredentials, {});
      const result = await job.waitUntilFinished(events, 10_000);
      expect(result).toEqual({ refreshTokens: 1, invitations: 0, idempotencyKeys: 0 });
    } finally {
      await events.close();
    }
    const rows: Array<{ token_hash: string }> = await dataSource.query('SELECT token_hash FROM refresh_tokens');
    expect(rows.map((row) => row.token_hash)).toEqual(['live']);
  });
});
