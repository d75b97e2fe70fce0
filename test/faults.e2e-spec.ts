import type { Response } from 'supertest';
import { ApiProcess } from './support/api-process';
import { aUser, TEST_PASSWORD } from './support/builders';
import { as, expectProblem, unique } from './support/http';
import { aSlowRequest, RequestStream } from './support/request-stream';
import { SmtpListener, to } from './support/smtp-listener';
import { TestApp } from './support/test-app';
import { ThrowawayPostgres } from './support/throwaway-postgres';
import { ThrowawayRedis } from './support/throwaway-redis';
import { waitUntil } from './support/wait-until';
import { WorkerProcess } from './support/worker-process';

/**
 * The API and the worker when what they depend on goes away and comes back, and when they are told to stop
 * (SPEC §2, §7, §9). PostgreSQL and Redis here are a cluster and a redis-server this file starts for itself; only
 * those, and processes this file started, are ever stopped: the machine's shared services are left alone.
 */
describe('Faults: dependencies restarting, and SIGTERM', () => {
  const smtp = new SmtpListener();
  const notificationConfig = {
    NOTIFICATION_RELAY_INTERVAL_MS: '100',
    // A failed delivery waits a minute before its retry: only a job queued again from PostgreSQL can beat that.
    NOTIFICATION_BACKOFF_MS: '60000',
    NOTIFICATION_REQUEUE_AFTER_SECONDS: '1',
    NOTIFICATION_CLAIM_TIMEOUT_SECONDS: '2',
  };
  let postgres: ThrowawayPostgres | undefined;
  let redis: ThrowawayRedis | undefined;
  let env: Record<string, string>;
  let app: TestApp | undefined;
  let worker: WorkerProcess | undefined;
  let admin: { token: string; email: string };

  beforeAll(async () => {
    // Both at once, and both kept even if the other fails, so that afterAll stops whatever did start.
    const started = await Promise.allSettled([
      ThrowawayPostgres.create().then((cluster) => (postgres = cluster)),
      ThrowawayRedis.start().then((server) => (redis = server)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    env = {
      DATABASE_URL: await postgres!.migrate('twinning'),
      REDIS_URL: redis!.url,
      SMTP_URL: await smtp.start(),
      ...notificationConfig,
    };
    worker = WorkerProcess.start(env);
    app = await TestApp.start(env);
    admin = await app.signIn('admin');
  }, 60_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await app?.close();
    await smtp.stop();
    await redis?.close();
    await postgres?.close();
  }, 30_000);

  const ready = () => app!.http().get('/health/ready');

  /** Polls readiness until it answers `status`; returns that answer. */
  async function readiness(status: number, timeoutMs = 15_000): Promise<Response> {
    let last: Response | undefined;
    await waitUntil(
      () => `/health/ready answers ${status} (last: ${last?.status} ${JSON.stringify(last?.body)})`,
      async () => (last = await ready()).status === status,
      timeoutMs,
      100,
    );
    return last!;
  }

  function expectNotReady(response: Response, down: 'database' | 'redis', up: 'database' | 'redis') {
    expectProblem(response, 503, '/problems/not-ready');
    expect(response.body).toMatchObject({ title: 'Service Unavailable', detail: 'A dependency is down' });
    expect(response.body.checks[down]).toMatchObject({ status: 'down' });
    expect(response.body.checks[up]).toEqual({ status: 'up' });
  }

  /** What a client does after an outage: sign in again (a write) and read its own account with the new token. */
  async function expectServing(): Promise<void> {
    const login = await app!.http().post('/api/v1/auth/login').send({ email: admin.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const me = await app!.http().get('/api/v1/auth/me').set(as(login.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: admin.email, role: 'admin' });
    // The token from before the outage still works too.
    await app!.http().get('/api/v1/invitations').set(as(admin.token)).expect(200);
  }

  it('reports not ready while PostgreSQL restarts, then serves again without restarting the API', async () => {
    const before = await ready().expect(200);
    expect(before.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });

    await postgres!.stop('fast');
    try {
      expectNotReady(await readiness(503), 'database', 'redis');
    } finally {
      await postgres!.start();
    }

    const after = await readiness(200);
    expect(after.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await expectServing();
  });

  it('reports not ready while Redis restarts empty, then serves again, and the running worker delivers what was queued', async () => {
    const invite = (tag: string) =>
      app!
        .http()
        .post('/api/v1/invitations')
        .set(as(admin.token))
        .send({ email: `${tag}-${unique()}@example.org`, displayName: 'Invited Person', role: 'participant' });
    const delivered = (email: string) => smtp.messages.filter(to(email)).length;
    const untilDelivered = (email: string, timeoutMs = 20_000) =>
      waitUntil(
        () =>
          `the invitation to ${email} is delivered (worker ${worker!.running ? 'running' : 'gone'}: ${worker!.errors})`,
        () => delivered(email) > 0,
        timeoutMs,
      );

    // One worker process serves the whole file: it lived through the PostgreSQL restart and is never restarted.
    const first = (await invite('before').expect(201)).body;
    await untilDelivered(first.email, 40_000);

    // A delivery the SMTP server refused waits in Redis, as a delayed retry, when Redis goes down.
    smtp.rejectNext(1, 451);
    const refused = (await invite('refused').expect(201)).body;
    await waitUntil('the first delivery of the refused invitation failed', async () => {
      const [row] = await app!.dataSource.query(
        `SELECT email_status AS status, email_attempts AS attempts FROM notifications WHERE recipient_email = $1`,
        [refused.email],
      );
      return row?.status === 'pending' && row.attempts === 1;
    });

    // BullMQ and ioredis report each failed reconnection on the console: expected here, noise in the output.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let during: { email: string };
    try {
      await redis!.stop();
      expectNotReady(await readiness(503), 'redis', 'database');
      // Redis is never the record: what the API writes goes to PostgreSQL's outbox meanwhile.
      during = (await invite('during').expect(201)).body;
    } finally {
      await redis!.start();
      quiet.mockRestore();
    }

    const after = await readiness(200);
    expect(after.body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });
    await expectServing();
    const later = (await invite('after').expect(201)).body;

    // Written during the outage: relayed once Redis is back. Lost with Redis (it keeps nothing): queued again from
    // PostgreSQL, long before its own retry was due. Written after: the same worker consumes again by itself.
    for (const { email } of [during, refused, later]) await untilDelivered(email);
    expect(worker!.running).toBe(true);
    for (const { email } of [first, during, refused, later]) expect(delivered(email)).toBe(1);
    // The outage was handled, not left to crash reports: every Redis client listens for its errors.
    expect(worker!.errors).not.toContain('Unhandled error event');
  }, 90_000);

  it('finishes every request in flight when sent SIGTERM under load, then exits with 0', async () => {
    const api = await ApiProcess.start({
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      SMTP_URL: env.SMTP_URL,
      // Every login below is the same account's: the limit on guessing is not what is tested here.
      LOGIN_LIMIT_PER_ACCOUNT: '1000000',
      LOGIN_LIMIT_PER_ADDRESS: '1000000',
    });
    let stream: RequestStream | undefined;
    try {
      const user = await aUser(app!, { role: 'coordinator' });
      await api.ready();
      const credentials = { email: user.email, password: TEST_PASSWORD };
      const login = { name: 'login', method: 'POST', path: '/api/v1/auth/login', body: credentials } as const;
      const signIn = await fetch(`${api.url}${login.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      });
      expect(signIn.status).toBe(200);
      const { accessToken } = (await signIn.json()) as { accessToken: string };

      // Logins are slow on purpose (argon2): a third of the stream is still being worked on when the signal comes.
      stream = new RequestStream(
        api.url,
        [
          login,
          { name: 'me', method: 'GET', path: '/api/v1/auth/me', headers: as(accessToken) },
          { name: 'invitations', method: 'GET', path: '/api/v1/invitations', headers: as(accessToken) },
        ],
        48,
      );
      // Slow clients: their logins started long before the signal and only finish once the server is stopping,
      // so their whole work (the login limiter in Redis, the password, the new session in PostgreSQL) comes after it.
      const slow = Array.from({ length: 3 }, () => aSlowRequest(api.url, { ...login, name: 'slow login' }));
      stream.start();
      await waitUntil(
        () => `the stream is under way (${stream!.answered} answered, ${stream!.inFlight('login')} logins in flight)`,
        () => stream!.everyLaneAnswered && stream!.answered >= 100 && stream!.inFlight('login') >= 8,
        30_000,
        20,
      );

      for (const request of slow) await request.begun();
      const inFlight = await stream.stop();
      const loginsInFlight = stream.inFlight('login');
      api.signal('SIGTERM');
      await waitUntil('the API stops taking connections', async () => !(await api.acceptsConnections()), 15_000, 10);
      const slowOutcomes = await Promise.all(slow.map((request) => request.finish()));

      const exit = await Promise.race([
        api.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref()),
      ]);
      await stream.settled();

      expect(inFlight).toBeGreaterThan(0);
      expect(loginsInFlight).toBeGreaterThan(0);
      const outcomes = [...stream.outcomes, ...slowOutcomes];
      expect({
        unanswered: outcomes.filter((outcome) => outcome.status !== 200),
        exit,
        errors: api.errors,
      }).toEqual({ unanswered: [], exit: { code: 0, signal: null }, errors: '' });
    } finally {
      stream?.close();
      await api.kill('SIGKILL');
    }
  }, 90_000);
});
