import { JwtService } from '@nestjs/jwt';
import { aUser, TEST_PASSWORD } from './support/builders';
import { testEnvironment } from './support/environment';
import { TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('Authentication (HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(() => app.close());

  describe('POST /auth/login', () => {
    it('signs in with the right password and returns tokens and the account, never a hash', async () => {
      const user = await aUser(app, { role: 'coordinator', email: 'Mixed.Case@Example.org' });
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'mixed.case@example.org', password: TEST_PASSWORD })
        .expect(200);
      expect(response.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { id: user.id, role: 'coordinator' },
      });
      expect(response.body.accessToken.split('.')).toHaveLength(3);
      expect(response.body.user).not.toHaveProperty('passwordHash');
      expect(JSON.stringify(response.body)).not.toContain('$argon2');
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/api/v1/auth');
    });

    it('answers 401 with a problem for a wrong password, the same as for an unknown e-mail', async () => {
      const user = await aUser(app);
      const wrong = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not the password' })
        .expect(401);
      expect(wrong.headers['content-type']).toMatch(PROBLEM);
      expect(wrong.body).toMatchObject({
        type: '/problems/unauthenticated',
        status: 401,
        detail: 'E-mail or password is wrong',
      });
      const unknown = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@example.org', password: 'whatever it is' })
        .expect(401);
      expect(unknown.body.detail).toBe(wrong.body.detail);
    });

    it('refuses an inactive account', async () => {
      const user = await aUser(app);
      await app.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
      await app.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401);
    });

    it('answers 400 listing an unknown field, before any credential check', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'a@example.org', password: 'x', role: 'admin' })
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(response.body.errors).toEqual([{ field: 'role', message: 'is not an allowed field' }]);
    });

    it('answers 400 listing missing fields', async () => {
      const response = await app.http().post('/api/v1/auth/login').send({}).expect(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(
        new Set(['email', 'password']),
      );
    });

    it('answers 400 with a problem for malformed JSON', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{"email": "a@example.org",')
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect(response.body.detail).toMatch(/JSON/);
    });

    it('answers 429 to the 6th attempt on one account within the window, with Retry-After', async () => {
      const user = await aUser(app);
      for (let attempt = 1; attempt <= 5; attempt++) {
        await app
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `wrong ${attempt}` })
          .expect(401);
      }
      const sixth = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: TEST_PASSWORD })
        .expect(429);
      expect(sixth.headers['content-type']).toMatch(PROBLEM);
      expect(sixth.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(Number(sixth.headers['retry-after-account'])).toBeGreaterThan(0);
      // Another account from the same address is not locked out by it.
      const other = await aUser(app);
      await app.http().post('/api/v1/auth/login').send({ email: other.email, password: TEST_PASSWORD }).expect(200);
    });
  });

  describe('access tokens', () => {
    const jwt = new JwtService();
    const claims = (sub: string) => ({ sub, role: 'admin' });
    const sign = (sub: string, options: Parameters<JwtService['sign']>[1]) => jwt.sign(claims(sub), options);

    it('answers 401 without a token', async () => {
      const response = await app.http().get('/api/v1/auth/me').expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    });

    it('answers 401 to an expired, a forged, a wrong-audience, a wrong-issuer and an unsigned token', async () => {
      const admin = await aUser(app, { role: 'admin' });
      const base = {
        secret: testEnvironment.JWT_SECRET,
        issuer: 'twinning-platform',
        audience: 'twinning-api',
        algorithm: 'HS256' as const,
      };
      const expired = sign(admin.id, { ...base, expiresIn: -10 });
      const forged = sign(admin.id, { ...base, secret: 'another secret of at least thirty-two characters' });
      const wrongAudience = sign(admin.id, { ...base, audience: 'someone-else' });
      const wrongIssuer = sign(admin.id, { ...base, issuer: 'someone-else' });
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ ...claims(admin.id), iss: base.issuer, aud: base.audience, exp: 4102444800 }),
      ).toString('base64url');
      const unsigned = `${header}.${payload}.`;

      const valid = sign(admin.id, { ...base, expiresIn: 60 });
      await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${valid}`).expect(200);

      for (const token of [expired, forged, wrongAudience, wrongIssuer, unsigned, 'not-a-jwt']) {
        const response = await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(401);
        expect(response.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
      }
      const expiredAnswer = await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${expired}`);
      expect(expiredAnswer.body.detail).toBe('Access token has expired');
    });

    it('stops working at once when the account is deactivated', async () => {
      const { token, userId } = await app.signIn('participant');
      await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(200);
      await app.dataSource.query('UPDATE users SET active = false WHERE id = $1', [userId]);
      await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(401);
    });

    it('answers 403 with a problem when a participant calls an admin route', async () => {
      const { token } = await app.signIn('participant');
      const response = await app.http().get('/api/v1/users').set('authorization', `Bearer ${token}`).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403, detail: 'Reserved to: admin' });
    });
  });

  describe('GET /auth/me', () => {
    it('returns the signed-in account', async () => {
      const { token, userId, email } = await app.signIn('reviewer', { timeZone: 'Asia/Shanghai', locale: 'zh' });
      const response = await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(response.body).toMatchObject({
        id: userId,
        email,
        role: 'reviewer',
        timeZone: 'Asia/Shanghai',
        locale: 'zh',
        active: true,
      });
      expect(response.body.lastLoginAt).not.toBeNull();
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: the new token works once, and reusing an old one revokes the whole family', async () => {
      const { refreshToken: first } = await app.signIn('participant');
      const second = await app.http().post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(200);
      expect(second.body.refreshToken).not.toBe(first);
      const third = await app
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.body.refreshToken })
        .expect(200);
      await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${third.body.accessToken}`).expect(200);

      const reuse = await app.http().post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
      expect(reuse.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
      expect(reuse.body.detail).toMatch(/already used/);
      // The latest token, held by whoever rotated last, is revoked with its family.
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken: third.body.refreshToken }).expect(401);

      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_events WHERE action = 'auth.refresh_token_reused'`,
      );
      expect(count).toBe(1);
    });

    it('leaves other logins of the same user untouched when one family is revoked', async () => {
      const user = await aUser(app);
      const login = () =>
        app.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
      const phone = (await login()).body.refreshToken;
      const laptop = (await login()).body.refreshToken;
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken: phone }).expect(200);
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken: phone }).expect(401);
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken: laptop }).expect(200);
    });

    it('takes the token from the cookie only when the CSRF header is present', async () => {
      const { refreshToken } = await app.signIn('participant');
      const cookie = `refresh_token=${refreshToken}`;
      const withoutHeader = await app.http().post('/api/v1/auth/refresh').set('cookie', cookie).send({}).expect(401);
      expect(withoutHeader.body.detail).toBe('No refresh token');
      const response = await app
        .http()
        .post('/api/v1/auth/refresh')
        .set('cookie', cookie)
        .set('x-requested-with', 'fetch')
        .send({})
        .expect(200);
      expect(String(response.headers['set-cookie'])).toContain(`refresh_token=${response.body.refreshToken}`);
    });

    it('answers 401 to an unknown token and 400 to a malformed body', async () => {
      await app
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) })
        .expect(401);
      const malformed = await app.http().post('/api/v1/auth/refresh').send({ refreshToken: 42 }).expect(400);
      expect(malformed.body.errors[0].field).toBe('refreshToken');
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the login, and is idempotent', async () => {
      const { refreshToken } = await app.signIn('funder');
      await app.http().post('/api/v1/auth/logout').send({ refreshToken }).expect(204);
      await app.http().post('/api/v1/auth/logout').send({ refreshToken }).expect(204);
      await app.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
    });
  });
});
