import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestToken } from '../src/common/auth/opaque-token';
import { anInvitation } from './support/builders';
import { TestApp } from './support/test-app';

/** A full scenario with every log line written to a file, then searched for anything secret. */
describe('Secrets never reach answers or logs (HTTP)', () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'twinning-logs-')), 'api.log');
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ LOG_LEVEL: 'trace', LOG_FILE: logFile });
  });

  afterAll(() => app.close());

  it('keeps passwords, hashes and tokens out of every log line and every answer', async () => {
    const password = 'Very-Secret-Password-7781';
    const secrets: string[] = [password];
    const answers: string[] = [];
    const record = <T extends { text: string }>(response: T): T => {
      answers.push(response.text);
      return response;
    };

    const { token: invitationToken } = await anInvitation(app, {
      role: 'coordinator',
      email: 'secret.keeper@example.org',
    });
    secrets.push(invitationToken, digestToken(invitationToken));
    const accepted = record(
      await app.http().post('/api/v1/auth/accept-invitation').send({ token: invitationToken, password }).expect(201),
    );
    const login = record(
      await app.http().post('/api/v1/auth/login').send({ email: 'secret.keeper@example.org', password }).expect(200),
    );
    await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'secret.keeper@example.org', password: `${password}-wrong` })
      .expect(401);
    const refreshed = record(
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200),
    );
    const access = refreshed.body.accessToken;
    record(await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${access}`).expect(200));
    record(await app.http().get('/api/v1/invitations').set('authorization', `Bearer ${access}`).expect(200));
    record(await app.http().get('/api/v1/audit-events').set('authorization', `Bearer ${access}`).expect(200));
    await app.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(401);
    await app
      .http()
      .post('/api/v1/auth/logout')
      .set('cookie', `refresh_token=${refreshed.body.refreshToken}`)
      .set('x-requested-with', 'x')
      .expect(204);

    const tokens = [accepted.body, login.body, refreshed.body].flatMap((body) => [body.accessToken, body.refreshToken]);
    secrets.push(...tokens, ...tokens.map(digestToken));
    const [{ password_hash: hash }] = await app.dataSource.query(
      `SELECT password_hash FROM users WHERE email = 'secret.keeper@example.org'`,
    );
    secrets.push(hash);

    const logs = readFileSync(logFile, 'utf8');
    expect(logs.split('\n').length).toBeGreaterThan(10);
    expect(logs).toContain('"path":"/api/v1/auth/refresh"');
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('$argon2');

    // Answers carry only the tokens just issued to their caller, never a hash.
    const later = answers.slice(3).join('\n');
    for (const secret of secrets) expect(later).not.toContain(secret);
    expect(answers.join('\n')).not.toContain('$argon2');
    expect(answers.join('\n')).not.toMatch(/tokenHash|passwordHash/);
  });
});
