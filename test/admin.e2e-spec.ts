import { getQueueToken } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { NotificationsService } from '../src/notifications/notifications.service';
import { NOTIFICATION_JOBS, QUEUES } from '../src/queues/queues';
import { as, expectInvalid, expectProblem, unique } from './support/http';
import { testEnvironment } from './support/environment';
import { TestApp } from './support/test-app';

/** An e-mail-only notification to a fresh address, written as other modules write them; returns its id. */
async function aNotification(app: TestApp, email = `someone-${unique()}@example.org`): Promise<string> {
  await app.dataSource.transaction((tx) =>
    app.get(NotificationsService).notifyAddress(tx, email, 'en', {
      type: 'invitation',
      subject: { type: 'invitation', id: null },
      params: { name: 'Ada', role: 'participant', link: 'https://example.org/x', expiresOn: '2030-01-01' },
    }),
  );
  const [{ id }] = await app.dataSource.query(`SELECT id FROM notifications WHERE recipient_email = $1`, [email]);
  return id;
}

/** Admin tools: the queue dashboard (outside /api/v1) and the notifications' delivery desk. No worker runs here. */
describe('Admin tools', () => {
  let app: TestApp;
  let admin: { token: string };
  let coordinator: { token: string };

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.signIn('admin');
    coordinator = await app.signIn('coordinator');
  });

  afterAll(() => app.close());

  describe('Bull Board at /admin/queues', () => {
    it('asks for an access token (401), and refuses anyone but an admin (403)', async () => {
      const anonymous = await app.http().get('/admin/queues');
      expectProblem(anonymous, 401, '/problems/unauthenticated');
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expectProblem(await app.http().get('/admin/queues/api/queues'), 401, '/problems/unauthenticated');
      expectProblem(await app.http().get('/admin/queues').set(as('not-a-token')), 401, '/problems/unauthenticated');
      expectProblem(
        await app.http().get('/admin/queues/api/queues').set(as(coordinator.token)),
        403,
        '/problems/forbidden',
      );
      // Not under the API prefix.
      expect((await app.http().get('/api/v1/admin/queues').set(as(admin.token))).status).toBe(404);
    });

    it('shows an admin every queue of the platform', async () => {
      const page = await app.http().get('/admin/queues').set(as(admin.token)).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('<base href="/admin/queues/"');

      const api = await app.http().get('/admin/queues/api/queues').set(as(admin.token)).expect(200);
      const names = (api.body.queues as Array<{ name: string }>).map((queue) => queue.name).sort();
      expect(names).toEqual(Object.values(QUEUES).sort());

      const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
      await app.http().get(`/admin/queues/${script}`).set(as(admin.token)).expect(200);
      await app.http().get(`/admin/queues/${script}`).expect(401);
    });

    it('lets a browser in with a cookie that a bearer request opened, scoped to the board, until it is closed', async () => {
      await app.http().post('/admin/queues/session').expect(401);
      await app.http().post('/admin/queues/session').set(as(coordinator.token)).expect(403);
      const opened = await app.http().post('/admin/queues/session').set(as(admin.token)).expect(204);
      const cookie = ([] as string[])
        .concat(opened.headers['set-cookie'] ?? [])
        .find((line) => line.startsWith('queue_board_token='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/Secure/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/admin\/queues/);
      expect(Number(/Max-Age=(\d+)/i.exec(cookie)![1])).toBeLessThanOrEqual(900);
      const pair = cookie.split(';')[0];

      await app.http().get('/admin/queues/api/queues').set('cookie', pair).expect(200);
      // The cookie cannot open (and so prolong) a session by itself.
      await app.http().post('/admin/queues/session').set('cookie', pair).expect(401);
      const closed = await app.http().delete('/admin/queues/session').set('cookie', pair).expect(204);
      expect(String(closed.headers['set-cookie'])).toMatch(/queue_board_token=;/);
    });

    it("refuses a coordinator's token in the cookie too", async () => {
      await app
        .http()
        .get('/admin/queues/api/queues')
        .set('cookie', `queue_board_token=${coordinator.token}`)
        .expect(403);
    });
  });

  describe('GET /api/v1/admin/notifications', () => {
    it('lists failed notifications with their delivery state, for admins only', async () => {
      const failedEmail = `failed-${unique()}@example.org`;
      const failed = await aNotification(app, failedEmail);
      const pending = await aNotification(app);
      await app.dataSource.query(
        `UPDATE notifications SET email_status = 'failed', email_attempts = 3, email_last_error = '550 refused'
          WHERE id = $1`,
        [failed],
      );

      const response = await app
        .http()
        .get('/api/v1/admin/notifications?status=failed&channel=email&pageSize=100')
        .set(as(admin.token))
        .expect(200);
      const ids = response.body.items.map((item: { id: string }) => item.id);
      expect(ids).toContain(failed);
      expect(ids).not.toContain(pending);
      expect(response.body).toMatchObject({ page: 1, pageSize: 100 });
      expect(response.body.items.find((item: { id: string }) => item.id === failed)).toMatchObject({
        type: 'invitation',
        recipientEmail: failedEmail,
        email: { status: 'failed', attempts: 3, lastError: '550 refused', sentAt: null },
        webhook: { status: 'skipped', attempts: 0 },
      });

      const none = await app
        .http()
        .get('/api/v1/admin/notifications?status=failed&channel=webhook')
        .set(as(admin.token))
        .expect(200);
      expect(none.body.items.map((item: { id: string }) => item.id)).not.toContain(failed);

      expectProblem(
        await app.http().get('/api/v1/admin/notifications').set(as(coordinator.token)),
        403,
        '/problems/forbidden',
      );
      expectProblem(await app.http().get('/api/v1/admin/notifications'), 401, '/problems/unauthenticated');
    });

    it('refuses an unknown status, channel or page size, naming the field', async () => {
      const list = (query: string) => app.http().get(`/api/v1/admin/notifications?${query}`).set(as(admin.token));
      expectInvalid(await list('status=lost'), 'status');
      expectInvalid(await list('channel=sms'), 'channel');
      expectInvalid(await list('pageSize=101'), 'pageSize');
      expectInvalid(await list('colour=red'), 'colour');
    });
  });

  describe('POST /api/v1/admin/notifications/{id}/retry', () => {
    const retry = (id: string, token = admin.token) =>
      app.http().post(`/api/v1/admin/notifications/${id}/retry`).set(as(token));

    it('puts a failed channel back to pending, drops the old job, and hands the notification back to the relay', async () => {
      const id = await aNotification(app);
      await app.dataSource.query(
        `UPDATE notifications SET email_status = 'failed', email_attempts = 3, email_last_error = 'boom',
                relayed_at = now(), claimed_at = now() WHERE id = $1`,
        [id],
      );
      const queue = app.get<Queue>(getQueueToken(QUEUES.notifications));
      await queue.add(NOTIFICATION_JOBS.deliver, { notificationId: id }, { jobId: id });

      const response = await retry(id).expect(200);
      expect(response.body).toMatchObject({ id, email: { status: 'pending', attempts: 0 }, relayedAt: null });
      expect(await queue.getJob(id)).toBeUndefined();
      const [row] = await app.dataSource.query(`SELECT claimed_at, relayed_at FROM notifications WHERE id = $1`, [id]);
      expect(row).toEqual({ claimed_at: null, relayed_at: null });

      // Nothing has failed any more.
      expectProblem(await retry(id), 409, '/problems/not-failed');
    });

    it('answers 404 for an unknown notification, 409 for one that has not failed, 400 for a malformed id', async () => {
      expectProblem(await retry(randomUUID()), 404, '/problems/not-found');
      expectProblem(await retry(await aNotification(app)), 409, '/problems/not-failed');
      expectInvalid(await retry('not-a-uuid'), 'id');
    });

    it('refuses (409) while a worker is delivering the notification, and leaves it as it was', async () => {
      const id = await aNotification(app);
      await app.dataSource.query(`UPDATE notifications SET email_status = 'failed' WHERE id = $1`, [id]);
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      // A stand-in for a worker busy with this notification's job (its other channel, say).
      const busy = new Worker(
        QUEUES.notifications,
        async () => {
          started();
          await finished;
        },
        { connection: { url: testEnvironment.REDIS_URL }, prefix: `${testEnvironment.REDIS_PREFIX}:bull` },
      );
      try {
        const queue = app.get<Queue>(getQueueToken(QUEUES.notifications));
        await queue.add(NOTIFICATION_JOBS.deliver, { notificationId: id }, { jobId: id });
        await running;
        expectProblem(await retry(id), 409, '/problems/notification-in-delivery');
        const [row] = await app.dataSource.query(`SELECT email_status FROM notifications WHERE id = $1`, [id]);
        expect(row.email_status).toBe('failed');
      } finally {
        finish();
        await busy.close();
      }
    });

    it('is for admins only', async () => {
      const id = await aNotification(app);
      expectProblem(await retry(id, coordinator.token), 403, '/problems/forbidden');
      expectProblem(await app.http().post(`/api/v1/admin/notifications/${id}/retry`), 401, '/problems/unauthenticated');
    });
  });
});
