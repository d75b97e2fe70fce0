import { anInvitation, aUser, TEST_PASSWORD } from './support/builders';
import { TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('Invitations (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(() => app.close());

  const invite = (token: string, body: object) =>
    app.http().post('/api/v1/invitations').set('authorization', `Bearer ${token}`).send(body);

  it('lets a coordinator invite a participant; the answer carries no token and the audit trail records it', async () => {
    const response = await invite(coordinator, {
      email: 'Li.Na@Example.cn',
      displayName: '李娜',
      role: 'participant',
    }).expect(201);
    expect(response.body).toMatchObject({
      email: 'li.na@example.cn',
      displayName: '李娜',
      role: 'participant',
      state: 'pending',
    });
    expect(Object.keys(response.body)).not.toEqual(expect.arrayContaining(['token', 'tokenHash']));
    const [row] = await app.dataSource.query('SELECT token_hash FROM invitations WHERE id = $1', [response.body.id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await app
      .http()
      .get('/api/v1/audit-events')
      .query({ entityType: 'invitation', entityId: response.body.id })
      .set('authorization', `Bearer ${coordinator}`)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'invitation.created',
      changes: { role: { before: null, after: 'participant' } },
    });
  });

  it('refuses a coordinator inviting an admin or a coordinator (403), but lets an admin', async () => {
    for (const role of ['admin', 'coordinator']) {
      const response = await invite(coordinator, { email: `x-${role}@example.org`, displayName: 'X', role }).expect(
        403,
      );
      expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
    }
    const { token: admin } = await app.signIn('admin');
    await invite(admin, { email: 'new-coordinator@example.org', displayName: 'Co', role: 'coordinator' }).expect(201);
  });

  it('refuses participants, reviewers and funders (403)', async () => {
    for (const role of ['participant', 'reviewer', 'funder'] as const) {
      const { token } = await app.signIn(role);
      const response = await invite(token, {
        email: 'someone@example.org',
        displayName: 'S',
        role: 'participant',
      }).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('answers 409 when an account has the e-mail already, whatever its case', async () => {
    await aUser(app, { email: 'taken@example.org' });
    const response = await invite(coordinator, { email: 'TAKEN@example.org', displayName: 'T', role: 'funder' }).expect(
      409,
    );
    expect(response.body).toMatchObject({ type: '/problems/email-taken', status: 409 });
  });

  it('answers 400 listing each bad field: unknown field, bad e-mail, unknown role', async () => {
    const response = await invite(coordinator, {
      email: 'not-an-email',
      displayName: 'N',
      role: 'superuser',
      note: 'hi',
    }).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'role', 'note']));
    expect(response.body.errors.find((error: { field: string }) => error.field === 'note').message).toBe(
      'is not an allowed field',
    );
  });

  it('sends one invitation for a request retried with the same Idempotency-Key', async () => {
    const body = { email: 'retried@example.org', displayName: 'Retried', role: 'reviewer' };
    const first = await invite(coordinator, body).set('idempotency-key', 'invite-retried').expect(201);
    const again = await invite(coordinator, body).set('idempotency-key', 'invite-retried').expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ invitations }] = await app.dataSource.query(
      `SELECT count(*)::int AS invitations FROM invitations WHERE email = 'retried@example.org'`,
    );
    const [{ mails }] = await app.dataSource.query(
      `SELECT count(*)::int AS mails FROM notifications WHERE recipient_email = 'retried@example.org'`,
    );
    expect({ invitations, mails }).toEqual({ invitations: 1, mails: 1 });
  });

  describe('POST /auth/accept-invitation', () => {
    it('creates the account with the invited role, signs it in, and the link works only once', async () => {
      const { invitation, token } = await anInvitation(app, { role: 'reviewer', email: 'reviewer.one@example.org' });
      const accepted = await app
        .http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token, password: 'a brand new password', timeZone: 'Asia/Shanghai', locale: 'zh' })
        .expect(201);
      expect(accepted.body.user).toMatchObject({
        email: 'reviewer.one@example.org',
        role: 'reviewer',
        timeZone: 'Asia/Shanghai',
        locale: 'zh',
      });
      await app.http().get('/api/v1/auth/me').set('authorization', `Bearer ${accepted.body.accessToken}`).expect(200);
      await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'reviewer.one@example.org', password: 'a brand new password' })
        .expect(200);

      const again = await app
        .http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token, password: 'another password!' })
        .expect(400);
      expect(again.body).toMatchObject({ type: '/problems/invitation-invalid', status: 400 });
      const list = await app
        .http()
        .get('/api/v1/invitations')
        .set('authorization', `Bearer ${coordinator}`)
        .expect(200);
      expect(list.body.items.find((item: { id: string }) => item.id === invitation.id).state).toBe('accepted');
    });

    it('refuses an expired, a revoked, a replaced and an unknown link with the same 400', async () => {
      const expired = await anInvitation(app);
      await app.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        expired.invitation.id,
      ]);
      const revoked = await anInvitation(app);
      await app
        .http()
        .delete(`/api/v1/invitations/${revoked.invitation.id}`)
        .set('authorization', `Bearer ${coordinator}`)
        .expect(204);
      const replaced = await anInvitation(app, { email: 'twice@example.org' });
      const latest = await anInvitation(app, { email: 'twice@example.org' });

      for (const token of [expired.token, revoked.token, replaced.token, 'u'.repeat(43)]) {
        const response = await app
          .http()
          .post('/api/v1/auth/accept-invitation')
          .send({ token, password: TEST_PASSWORD })
          .expect(400);
        expect(response.body).toMatchObject({ type: '/problems/invitation-invalid', status: 400 });
      }
      await app
        .http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token: latest.token, password: TEST_PASSWORD })
        .expect(201);
    });

    it('answers 400 naming the field for a short password', async () => {
      const { token } = await anInvitation(app);
      const response = await app
        .http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token, password: 'short' })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'password', message: 'password must be longer than or equal to 10 characters' },
      ]);
    });

    it('makes one account when the same link is accepted twice at once', async () => {
      const { token } = await anInvitation(app, { email: 'race@example.org' });
      const answers = await Promise.all(
        [1, 2].map(() => app.http().post('/api/v1/auth/accept-invitation').send({ token, password: TEST_PASSWORD })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400]);
      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM users WHERE email = 'race@example.org'`,
      );
      expect(count).toBe(1);
    });
  });
});
