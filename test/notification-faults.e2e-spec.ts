import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { NotificationDeliveryProcessor } from '../src/notifications/notification-delivery.processor';
import { NotificationsService } from '../src/notifications/notifications.service';
import { QUEUES } from '../src/queues/queues';
import { as, unique } from './support/http';
import { SmtpListener, to } from './support/smtp-listener';
import { TestApp } from './support/test-app';
import { ThrowawayRedis } from './support/throwaway-redis';
import { WorkerProcess } from './support/worker-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds; `what` (a text, or one made at the time out) names it in the failure. */
async function waitUntil(
  what: string | (() => Promise<string>),
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : await what()}`,
      );
    }
    await sleep(50);
  }
}

/**
 * Delivery when things break (SPEC §7, issue acceptance 2 and 3): a refusing SMTP server, Redis emptied, Redis
 * restarted, the worker killed with SIGKILL. Redis here is a throwaway redis-server of this file's own, and the
 * killed worker a process this file started: the machine's shared services are never stopped or emptied.
 */
describe('Notification delivery under faults', () => {
  const smtp = new SmtpListener();
  const config = {
    NOTIFICATION_RELAY_INTERVAL_MS: '100',
    NOTIFICATION_MAX_ATTEMPTS: '3',
    NOTIFICATION_BACKOFF_MS: '100',
    // Short, so that lost jobs and dead claims are taken over within the test's time.
    NOTIFICATION_REQUEUE_AFTER_SECONDS: '1',
    NOTIFICATION_CLAIM_TIMEOUT_SECONDS: '2',
  };
  let redis: ThrowawayRedis;
  let smtpUrl: string;
  let app: TestApp;
  let worker: INestApplicationContext | undefined;
  const workerProcesses: WorkerProcess[] = [];
  let admin: { token: string };

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    smtpUrl = await smtp.start();
    app = await TestApp.start({ ...config, REDIS_URL: redis.url, SMTP_URL: smtpUrl });
    // Loaded after the app, whose start read the configuration both share.
    const { WorkerModule } = await import('../src/worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    admin = await app.signIn('admin');
  });

  afterAll(async () => {
    for (const child of workerProcesses) await child.kill('SIGKILL');
    await worker?.close();
    await app?.close();
    await smtp.stop();
    await redis?.close();
  });

  /** E-mail-only notifications to fresh addresses, written in one transaction as any module writes them. */
  async function notify(tag: string, count = 1): Promise<Array<{ id: string; email: string }>> {
    const batch = `${tag}-${unique()}`;
    await app.dataSource.transaction(async (tx) => {
      for (let index = 0; index < count; index++) {
        await app.get(NotificationsService).notifyAddress(tx, `${batch}-${index}@example.org`, 'en', {
          type: 'invitation',
          subject: { type: 'invitation', id: null },
          params: { name: 'Ada', role: 'participant', link: 'https://example.org/accept', expiresOn: '2030-01-01' },
        });
      }
    });
    return app.dataSource.query(
      `SELECT id, recipient_email AS email FROM notifications WHERE recipient_email LIKE $1 ORDER BY recipient_email`,
      [`${batch}-%`],
    );
  }

  async function emailStatusOf(id: string): Promise<{ status: string; attempts: number; lastError: string | null }> {
    const [row] = await app.dataSource.query(
      `SELECT email_status AS status, email_attempts AS attempts, email_last_error AS "lastError"
         FROM notifications WHERE id = $1`,
      [id],
    );
    return row;
  }

  const untilStatus = (id: string, status: string, timeoutMs = 10_000) =>
    waitUntil(`notification ${id} is ${status}`, async () => (await emailStatusOf(id)).status === status, timeoutMs);

  describe('an SMTP server that refuses mail', () => {
    it('is tried again with backoff until it accepts, and the mail arrives once', async () => {
      smtp.rejectNext(2, 451);
      const rejectedBefore = smtp.rejected;
      const [notification] = await notify('flaky');

      await untilStatus(notification.id, 'sent');
      expect(smtp.rejected - rejectedBefore).toBe(2);
      expect(await emailStatusOf(notification.id)).toMatchObject({ attempts: 3, lastError: null });
      await sleep(300);
      expect(smtp.messages.filter(to(notification.email))).toHaveLength(1);
    });

    it('ends failed after the configured attempts, shows in the admin list, and an admin retry delivers it', async () => {
      smtp.rejectAll(550);
      const rejectedBefore = smtp.rejected;
      const [notification] = await notify('refused');

      await untilStatus(notification.id, 'failed');
      expect(smtp.rejected - rejectedBefore).toBe(3);
      const failed = await app
        .http()
        .get('/api/v1/admin/notifications?status=failed&channel=email&pageSize=100')
        .set(as(admin.token))
        .expect(200);
      const listed = failed.body.items.find((item: { id: string }) => item.id === notification.id);
      expect(listed).toMatchObject({ recipientEmail: notification.email, email: { status: 'failed', attempts: 3 } });
      expect(listed.email.lastError).toMatch(/550/);
      // Failed is final: nothing tries again on its own.
      await sleep(500);
      expect(smtp.rejected - rejectedBefore).toBe(3);

      smtp.acceptAll();
      await app.http().post(`/api/v1/admin/notifications/${notification.id}/retry`).set(as(admin.token)).expect(200);
      await untilStatus(notification.id, 'sent');
      await sleep(300);
      expect(smtp.messages.filter(to(notification.email))).toHaveLength(1);
      const after = await app
        .http()
        .get('/api/v1/admin/notifications?status=failed&channel=email&pageSize=100')
        .set(as(admin.token))
        .expect(200);
      expect(after.body.items.map((item: { id: string }) => item.id)).not.toContain(notification.id);
    });
  });

  it('delivers every notification once when Redis loses its queued jobs (FLUSHALL)', async () => {
    const processor = worker!.get(NotificationDeliveryProcessor);
    const queue = worker!.get<Queue>(getQueueToken(QUEUES.notifications));
    // Deliveries paused, so the jobs are still waiting in Redis when it is emptied.
    await processor.worker.pause();
    const notifications = await notify('flushed', 20);
    const ids = notifications.map((notification) => notification.id);
    await waitUntil('all relayed', async () => {
      const [{ relayed }] = await app.dataSource.query(
        `SELECT count(*)::int AS relayed FROM notifications WHERE id = ANY($1) AND relayed_at IS NOT NULL`,
        [ids],
      );
      return relayed === ids.length;
    });
    expect(await queue.getWaitingCount()).toBe(ids.length);

    await redis.command('FLUSHALL');
    expect(await queue.getWaitingCount()).toBe(0);
    await processor.worker.resume();

    for (const id of ids) await untilStatus(id, 'sent');
    await sleep(500);
    for (const { email } of notifications) expect(smtp.messages.filter(to(email))).toHaveLength(1);
  });

  it('delivers what was written while Redis was down once it is back, and the worker consumes again by itself', async () => {
    const [before] = await notify('before-restart');
    await untilStatus(before.id, 'sent');

    // BullMQ prints each failed reconnection to the console: expected here, and noise in the test output.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let during: Array<{ id: string; email: string }>;
    try {
      await redis.stop();
      // Committed in PostgreSQL while the queue is unreachable: the outbox keeps them.
      during = await notify('during-outage', 5);
      await sleep(1_000);
      for (const { id } of during) expect((await emailStatusOf(id)).status).toBe('pending');

      await redis.start();
      for (const { id } of during) await untilStatus(id, 'sent', 25_000);
    } finally {
      quiet.mockRestore();
    }
    // And what comes after, through the same worker, never restarted.
    const [after] = await notify('after-restart');
    await untilStatus(after.id, 'sent');
    await sleep(300);
    for (const { email } of [before, ...during, after]) expect(smtp.messages.filter(to(email))).toHaveLength(1);
  }, 40_000);

  it('loses none and doubles none of 1,000 notifications when a worker is killed (SIGKILL) mid-delivery', async () => {
    // From here on only worker processes deliver: the in-process worker stops.
    await worker!.close();
    worker = undefined;
    const total = 1_000;
    const subject = `Crash test ${unique()}`;
    await app.dataSource.query(
      `INSERT INTO notifications (recipient_email, locale, type, subject_type, title, body, email_status)
       SELECT 'crash-' || n || '@example.org', 'en', 'invitation', 'fault-test', $1 || ' #' || n, 'Body', 'pending'
         FROM generate_series(1, $2::int) AS n`,
      [subject, total],
    );
    const received = () => smtp.messages.filter((mail) => mail.subject?.startsWith(subject));
    const statusCounts = async () => {
      const rows: Array<{ status: string; count: number }> = await app.dataSource.query(
        `SELECT email_status AS status, count(*)::int AS count FROM notifications WHERE title LIKE $1 || ' #%'
          GROUP BY email_status`,
        [subject],
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.count])) as Record<string, number | undefined>;
    };
    const env = { ...config, REDIS_URL: redis.url, SMTP_URL: smtpUrl };

    const first = WorkerProcess.start(env);
    workerProcesses.push(first);
    await waitUntil(
      async () => `200 were received (worker: ${first.errors})`,
      () => received().length >= 200,
      30_000,
    );
    // The server stops answering: the deliveries in flight have sent their message and wait for the 250.
    smtp.hold();
    let held = -1;
    await waitUntil('the deliveries in flight are all waiting', async () => {
      const now = smtp.heldCount;
      const settled = now > 0 && now === held;
      held = now;
      if (!settled) await sleep(250);
      return settled;
    });
    // Every message the server accepted is marked sent: none is between the server's answer and the mark.
    expect((await statusCounts()).sent).toBe(received().length);

    await first.kill('SIGKILL');
    const atKill = await statusCounts();
    expect(atKill.sending).toBeGreaterThan(0);
    // The killed worker's connections closed without an answer: those messages were never delivered.
    await waitUntil('the held messages are dropped', () => smtp.heldCount === 0);
    smtp.release();

    const second = WorkerProcess.start(env);
    workerProcesses.push(second);
    await waitUntil(
      async () => `all ${total} are sent (now ${JSON.stringify(await statusCounts())}; worker: ${second.errors})`,
      async () => (await statusCounts()).sent === total,
      50_000,
    );
    await sleep(1_000);
    const messages = received();
    expect(new Set(messages.map((mail) => mail.messageId)).size).toBe(total);
    expect(messages).toHaveLength(total);
    // Told to stop, the worker hands back what it holds and ends cleanly (§9).
    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 90_000);
});
