import Redis from 'ioredis';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { digestToken } from '../src/common/auth/opaque-token';
import { TEST_PASSWORD } from './support/builders';
import { testEnvironment } from './support/environment';
import { as } from './support/http';
import { SmtpListener, to } from './support/smtp-listener';
import { TestApp } from './support/test-app';
import { WorkerProcess } from './support/worker-process';

/** Anything shaped like a JWT (base64url JSON header, payload, signature). */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;
/** The answers that hand out tokens, each only its own. */
const ISSUING = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/accept-invitation',
]);

interface Answer {
  route: string;
  /** Headers and body as the client received them. */
  text: string;
  /** The tokens this very answer hands out. */
  issued: string[];
}

/** Every value under the test's Redis prefix, whatever its type, keys included. */
async function redisContents(
  redis: Redis,
  prefix: string,
): Promise<Array<{ key: string; type: string; text: string }>> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    batch.forEach((key) => keys.add(key));
    cursor = next;
  } while (cursor !== '0');
  const contents: Array<{ key: string; type: string; text: string }> = [];
  for (const key of keys) {
    const type = await redis.type(key);
    const read: Record<string, () => Promise<unknown>> = {
      string: () => redis.get(key),
      hash: () => redis.hgetall(key),
      list: () => redis.lrange(key, 0, -1),
      set: () => redis.smembers(key),
      zset: () => redis.zrange(key, 0, -1, 'WITHSCORES'),
      stream: () => redis.xrange(key, '-', '+'),
    };
    // A key may expire between SCAN and reading it ("none"); any other type would be one this test cannot read.
    if (type !== 'none' && !read[type]) throw new Error(`${key} is a ${type}, which this test does not read`);
    if (read[type]) contents.push({ key, type, text: JSON.stringify(await read[type]()) });
  }
  return contents;
}

/**
 * A full programme scenario through the API and the worker process, with every log line of both written to files
 * at the most detailed level: invitations e-mailed and accepted, login, refresh, logout, an application, a
 * placement, a log, a report, news e-mailed by the worker to a real SMTP listener. Then: no secret in any log line
 * or answer (§4, §9), and no personal data in Redis (§2: jobs carry ids only).
 */
describe('Secrets and personal data stay out of logs, answers and Redis (API, worker, SMTP)', () => {
  const logs = mkdtempSync(join(tmpdir(), 'twinning-logs-'));
  const apiLog = join(logs, 'api.log');
  const workerLog = join(logs, 'worker.log');
  const smtp = new SmtpListener();
  let app: TestApp;
  let worker: WorkerProcess;

  const people = {
    admin: { email: 'amara.okafor@example.org', name: 'Amara Okafor' },
    coordinator: { email: 'kasia.nowak@example.org', name: 'Kasia Nowak', password: 'Coordinator-Secret-4417' },
    participant: { email: 'wang.fang@example.cn', name: 'Wang Fang', password: 'Participant-Secret-9902' },
  };
  /** The scenario's people as any store could hold them: e-mail addresses and names. */
  const personalData = [
    ...Object.values(people).flatMap(({ email, name }) => [email, name]),
    '王芳',
    'Liu Yang',
    'desk@berlin-rivers.example',
    'office@chengdu-water.example',
  ];
  const secrets: string[] = [TEST_PASSWORD, people.coordinator.password, people.participant.password];
  /** Passwords and tokens as the client knows them; only their digests or hashes may be stored. */
  const plainSecrets: string[] = [...secrets];
  const answers: Answer[] = [];

  /** One request of the scenario; its answer is kept, and any token it issues becomes a secret. */
  async function call(
    status: number,
    method: 'get' | 'post' | 'put',
    path: string,
    { token, body, headers }: { token?: string; body?: object; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const request = app.http()[method](`/api/v1${path}`);
    if (token) request.set(as(token));
    if (headers) request.set(headers);
    const response = await (body === undefined ? request : request.send(body));
    const route = `${method.toUpperCase()} /api/v1${path.split('?')[0]}`;
    expect({ route, status: response.status }).toEqual({ route, status });
    const issued =
      ISSUING.has(route) && response.status < 300 ? [response.body.accessToken, response.body.refreshToken] : [];
    secrets.push(...issued, ...issued.map(digestToken));
    plainSecrets.push(...issued);
    answers.push({ route, text: `${JSON.stringify(response.headers)}\n${response.text}`, issued });
    return response;
  }

  /** The token of the invitation link e-mailed to `address`, delivered by the worker. */
  async function invitationTokenSentTo(address: string): Promise<string> {
    const mail = await smtp.waitFor(to(address), 30_000);
    const [, token] = /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '') ?? [];
    expect(token).toBeDefined();
    secrets.push(token, digestToken(token));
    plainSecrets.push(token);
    return token;
  }

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    const env = { LOG_LEVEL: 'trace', SMTP_URL: smtpUrl, NOTIFICATION_RELAY_INTERVAL_MS: '100' };
    app = await TestApp.start({ ...env, LOG_FILE: apiLog });
    worker = WorkerProcess.start({ ...env, LOG_FILE: workerLog });

    const admin = await app.signIn('admin', { email: people.admin.email, displayName: people.admin.name });
    secrets.push(admin.token, admin.refreshToken, digestToken(admin.refreshToken));

    // The admin invites a coordinator, who takes the e-mailed link, signs in and refreshes.
    await call(201, 'post', '/invitations', {
      token: admin.token,
      body: { email: people.coordinator.email, displayName: people.coordinator.name, role: 'coordinator' },
    });
    const coordinatorInvitation = await invitationTokenSentTo(people.coordinator.email);
    const welcomed = await call(201, 'post', '/auth/accept-invitation', {
      body: { token: coordinatorInvitation, password: people.coordinator.password },
    });
    await call(200, 'post', '/auth/refresh', { body: { refreshToken: welcomed.body.refreshToken } });
    // A used refresh token presented again ends that login.
    await call(401, 'post', '/auth/refresh', { body: { refreshToken: welcomed.body.refreshToken } });
    await call(401, 'post', '/auth/login', {
      body: { email: people.coordinator.email, password: `${people.coordinator.password}-wrong` },
    });
    const login = await call(200, 'post', '/auth/login', {
      body: { email: people.coordinator.email, password: people.coordinator.password },
    });
    const refreshed = await call(200, 'post', '/auth/refresh', {
      headers: { cookie: `refresh_token=${login.body.refreshToken}`, 'x-requested-with': 'x' },
    });
    const coordinator = { token: refreshed.body.accessToken, refreshToken: refreshed.body.refreshToken };
    await call(200, 'get', '/auth/me', { token: coordinator.token });

    // The programme: two organisations, an open cohort, a staff profile and its invitation.
    const organisation = (region: 'EU' | 'CN', contactEmail: string) =>
      call(201, 'post', '/organisations', {
        token: coordinator.token,
        body: {
          name: region === 'EU' ? 'Berlin Rivers Network' : 'Chengdu Water Alliance',
          type: 'ngo',
          region,
          ...(region === 'EU'
            ? { country: 'DE', city: 'Berlin', latitude: 52.52, longitude: 13.405, workingLanguages: ['de', 'en'] }
            : {
                country: 'CN',
                city: 'Chengdu',
                latitude: 30.5728,
                longitude: 104.0668,
                workingLanguages: ['zh', 'en'],
              }),
          thematicAreas: ['water_resources'],
          hostingCapacity: 2,
          contactEmail,
        },
      });
    const home = (await organisation('EU', 'desk@berlin-rivers.example')).body;
    const host = (await organisation('CN', 'office@chengdu-water.example')).body;
    const cohort = (
      await call(201, 'post', '/cohorts', {
        token: coordinator.token,
        body: { name: 'Water 2027', applicationOpensOn: '2027-01-15', applicationClosesOn: '2027-03-31' },
      })
    ).body;
    await call(200, 'post', `/cohorts/${cohort.id}/transitions`, { token: coordinator.token, body: { to: 'open' } });
    const staff = (
      await call(201, 'post', '/staff', {
        token: coordinator.token,
        body: {
          organisationId: home.id,
          fullName: '王芳',
          email: people.participant.email,
          languages: [{ code: 'en', level: 'fluent' }],
          expertise: ['water_resources'],
        },
      })
    ).body;
    await call(201, 'post', '/invitations', {
      token: coordinator.token,
      body: {
        email: people.participant.email,
        displayName: people.participant.name,
        role: 'participant',
        staffId: staff.id,
      },
    });
    await call(200, 'get', '/invitations', { token: coordinator.token });

    // The participant accepts, signs in, applies.
    const participantInvitation = await invitationTokenSentTo(people.participant.email);
    await call(201, 'post', '/auth/accept-invitation', {
      body: { token: participantInvitation, password: people.participant.password },
    });
    const participantLogin = await call(200, 'post', '/auth/login', {
      body: { email: people.participant.email, password: people.participant.password },
    });
    const participant = participantLogin.body.accessToken as string;
    await call(200, 'get', '/staff/me', { token: participant });
    const application = (
      await call(201, 'post', '/applications', {
        token: participant,
        body: {
          cohortId: cohort.id,
          kind: 'single',
          availableFrom: '2027-08-01',
          availableTo: '2027-09-30',
          preferredHostIds: [host.id],
          motivation: 'Learning how volunteers monitor rivers.',
          workPlan: 'Six weeks with the monitoring team.',
        },
      })
    ).body;

    // Accepted, placed, confirmed: each step is news e-mailed by the worker.
    await call(200, 'post', `/applications/${application.id}/transitions`, {
      token: coordinator.token,
      body: { to: 'accepted' },
    });
    await call(200, 'post', `/cohorts/${cohort.id}/transitions`, {
      token: coordinator.token,
      body: { to: 'matching' },
    });
    const placement = (
      await call(201, 'post', '/placements', {
        token: coordinator.token,
        body: {
          applicationId: application.id,
          hostOrganisationId: host.id,
          startsOn: '2027-08-02',
          endsOn: '2027-09-12',
          mentorName: 'Liu Yang',
        },
      })
    ).body;
    await call(200, 'post', `/placements/${placement.id}/transitions`, {
      token: participant,
      body: { to: 'accepted' },
    });
    await call(200, 'post', `/placements/${placement.id}/transitions`, {
      token: coordinator.token,
      body: { to: 'confirmed' },
    });

    // The exchange: a log and the midterm report, read and accepted by the coordinator.
    await call(201, 'post', '/exchange-logs', {
      token: participant,
      body: {
        placementId: placement.id,
        loggedOn: '2027-08-05',
        hours: 6,
        activityType: 'field_visit',
        title: 'Upstream monitoring stations',
      },
    });
    const reports = await call(200, 'get', `/participant-reports?placementId=${placement.id}&kind=midterm`, {
      token: participant,
    });
    const [midterm] = reports.body.items as Array<{ id: string; questions: string[] }>;
    await call(200, 'post', `/participant-reports/${midterm.id}/submission`, {
      token: participant,
      body: { answers: midterm.questions.map(() => 'It went well.') },
    });
    await call(200, 'post', `/participant-reports/${midterm.id}/review`, {
      token: coordinator.token,
      body: { decision: 'accepted' },
    });
    await call(200, 'get', '/notifications', { token: participant });
    await call(200, 'get', `/staff/${staff.id}/export`, { token: participant });
    await call(200, 'get', '/audit-events', { token: coordinator.token });
    await call(200, 'get', '/admin/notifications', { token: admin.token });
    await call(200, 'get', '/users', { token: admin.token });

    // Every piece of news reached the SMTP listener through the worker.
    await smtp.waitFor(
      (mail) => to(people.participant.email)(mail) && /confirmed|确认/i.test(mail.subject ?? ''),
      30_000,
    );
    await smtp.waitFor(to(people.coordinator.email), 30_000);
    await smtp.waitFor(to('office@chengdu-water.example'), 30_000);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ waiting }] = await app.dataSource.query(
        `SELECT count(*)::int AS waiting FROM notifications WHERE email_status IN ('pending', 'sending')`,
      );
      if (waiting === 0) break;
      if (Date.now() > deadline) throw new Error(`${waiting} e-mails not delivered; worker: ${worker.errors}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Both ways out: the refresh token in the body, and the cookie the browser would send.
    await call(204, 'post', '/auth/logout', { body: { refreshToken: participantLogin.body.refreshToken } });
    await call(204, 'post', '/auth/logout', {
      headers: { cookie: `refresh_token=${coordinator.refreshToken}`, 'x-requested-with': 'x' },
    });
    await call(401, 'post', '/auth/refresh', { body: { refreshToken: coordinator.refreshToken } });

    const hashes: Array<{ password_hash: string }> = await app.dataSource.query(
      `SELECT password_hash FROM users WHERE email = ANY($1)`,
      [Object.values(people).map(({ email }) => email)],
    );
    expect(hashes).toHaveLength(3);
    secrets.push(...hashes.map((row) => row.password_hash));
    // Finished, so that its last lines are written and nothing changes in Redis while it is read.
    await worker.kill('SIGTERM');
  }, 120_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await app?.close();
    await smtp.stop();
  });

  it('writes no password, hash, JWT, refresh or invitation token, nor any e-mail address or name, to any log line of the API or the worker', () => {
    const api = readFileSync(apiLog, 'utf8');
    const work = readFileSync(workerLog, 'utf8');
    // The files hold the scenario: requests on one side, deliveries on the other.
    expect(api).toContain('"path":"/api/v1/auth/refresh"');
    expect(api).toContain('"path":"/api/v1/invitations"');
    expect(work).toContain('WorkerModule dependencies initialized');
    for (const [file, text] of [
      ['api.log', api],
      ['worker.log', work],
    ]) {
      const found = secrets.filter((secret) => text.includes(secret));
      expect({ file, found }).toEqual({ file, found: [] });
      expect({ file, jwts: text.match(JWT) ?? [] }).toEqual({ file, jwts: [] });
      expect(text).not.toContain('$argon2');
      // Nor personal data (§9): the lines name requests and jobs by id.
      const personal = personalData.filter((value) => text.toLowerCase().includes(value.toLowerCase()));
      expect({ file, personal }).toEqual({ file, personal: [] });
    }
  });

  it('answers with no hash, and with no token but those the answer itself issues', () => {
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.filter((answer) => answer.issued.length)).toHaveLength(6);
    const leaks = answers.flatMap(({ route, text, issued }) => [
      ...secrets.filter((secret) => !issued.includes(secret) && text.includes(secret)).map(() => `${route}: a secret`),
      ...(text.match(JWT) ?? []).filter((jwt) => !issued.includes(jwt)).map(() => `${route}: a JWT`),
      ...(/\$argon2|tokenHash|token_hash|passwordHash|password_hash/.test(text) ? [`${route}: a hash`] : []),
    ]);
    expect(leaks).toEqual([]);
  });

  it('stores no password, JWT, refresh or invitation token in plain text in any table once the e-mails are out', async () => {
    const tables: Array<{ name: string }> = await app.dataSource.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(plainSecrets.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const { name } of tables) {
      const [{ dump }] = await app.dataSource.query(
        `SELECT coalesce(string_agg(row::text, E'\\n'), '') AS dump FROM "${name}" row`,
      );
      leaks.push(...plainSecrets.filter((secret) => dump.includes(secret)).map(() => `${name}: a secret`));
    }
    expect(leaks).toEqual([]);
  });

  it("keeps no e-mail address or name of the scenario's people anywhere in Redis, job data included", async () => {
    const redis = new Redis(testEnvironment.REDIS_URL);
    try {
      const contents = await redisContents(redis, testEnvironment.REDIS_PREFIX);
      // The scan reached the delivery jobs, and read their data.
      const [{ id }] = await app.dataSource.query(`SELECT id FROM notifications WHERE recipient_email = $1 LIMIT 1`, [
        people.participant.email,
      ]);
      expect(
        contents.filter(({ type, text }) => type === 'hash' && text.includes(`"notificationId\\":\\"${id}`)),
      ).toHaveLength(1);
      const leaks = contents.flatMap(({ key, text }) =>
        personalData
          .filter((value) => `${key}\n${text}`.toLowerCase().includes(value.toLowerCase()))
          .map((value) => `${key}: ${value}`),
      );
      expect(leaks).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
