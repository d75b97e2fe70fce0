import { aUser } from './support/builders';
import { TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('Platform conventions (HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ BODY_LIMIT_BYTES: '4096' });
  });

  afterAll(() => app.close());

  it('reports readiness with the database and Redis up, and liveness, outside /api/v1', async () => {
    const ready = await app.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    await app.http().get('/health/live').expect(200);
    await app.http().get('/api/v1/health/ready').expect(404);
  });

  it('serves Swagger UI and an OpenAPI document in which every route has a summary or answers, and errors are documented', async () => {
    const ui = await app.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const document = (await app.http().get('/docs-json').expect(200)).body;
    const operations = Object.entries(
      document.paths as Record<
        string,
        Record<
          string,
          { responses: object; security?: unknown; parameters?: Array<{ in: string; name: string; schema: object }> }
        >
      >,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.length).toBeGreaterThanOrEqual(14);
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining([
        'post /api/v1/auth/login',
        'post /api/v1/invitations',
        'get /api/v1/audit-events',
        'get /health/ready',
      ]),
    );
    for (const { path, operation } of operations) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      if (path.includes('{id}')) expect(operation.responses).toHaveProperty('400');
      // Ids are UUIDs (§3), and the document says so, once per parameter.
      const ids = (operation.parameters ?? []).filter(
        (parameter) => parameter.in === 'path' && /^(id|\w+Id)$/.test(parameter.name),
      );
      expect(ids).toHaveLength((path.match(/\{(id|\w+Id)\}/g) ?? []).length);
      for (const id of ids) expect({ path, ...id.schema }).toMatchObject({ path, type: 'string', format: 'uuid' });
      if (path.startsWith('/api/v1') && operation.security) {
        expect(operation.responses).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('403');
      }
    }
  });

  it('answers unknown routes with a 404 problem carrying the request id it echoes in X-Request-Id', async () => {
    const response = await app.http().get('/api/v1/nowhere').set('x-request-id', 'trace-abc-12345').expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.headers['x-request-id']).toBe('trace-abc-12345');
    expect(response.body).toMatchObject({ status: 404, instance: '/api/v1/nowhere', requestId: 'trace-abc-12345' });
  });

  it('replaces a request id that does not look like one', async () => {
    const response = await app.http().get('/health/live').set('x-request-id', 'bad id <script>');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await app.http().get('/health/live');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('answers 413 with a problem to a body over the configured limit', async () => {
    const response = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.org', password: 'x'.repeat(5000) })
      .expect(413);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body.status).toBe(413);
  });

  describe('lists', () => {
    let admin: string;
    beforeAll(async () => {
      admin = (await app.signIn('admin')).token;
      for (let index = 0; index < 3; index++)
        await aUser(app, { role: 'funder', email: `funder-${index}@example.org` });
    });

    it('pages, filters and sorts with { items, page, pageSize, total }', async () => {
      const response = await app
        .http()
        .get('/api/v1/users')
        .query({ role: 'funder', sort: '-email', page: 1, pageSize: 2 })
        .set('authorization', `Bearer ${admin}`)
        .expect(200);
      expect(response.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(response.body.items.map((user: { email: string }) => user.email)).toEqual([
        'funder-2@example.org',
        'funder-1@example.org',
      ]);
      const second = await app
        .http()
        .get('/api/v1/users')
        .query({ role: 'funder', sort: '-email', page: 2, pageSize: 2 })
        .set('authorization', `Bearer ${admin}`)
        .expect(200);
      expect(second.body.items.map((user: { email: string }) => user.email)).toEqual(['funder-0@example.org']);
    });

    it('answers 400 naming the parameter for pageSize over 100, an undocumented sort field and a bad filter', async () => {
      for (const [query, field] of [
        [{ pageSize: 101 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ sort: 'passwordHash' }, 'sort'],
        [{ role: 'king' }, 'role'],
        [{ pageSize: 'ten' }, 'pageSize'],
      ] as const) {
        const response = await app
          .http()
          .get('/api/v1/users')
          .query(query)
          .set('authorization', `Bearer ${admin}`)
          .expect(400);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
    });

    it('answers 400 naming the parameter for an id that is not a UUID, and 404 for an unknown one', async () => {
      const bad = await app.http().get('/api/v1/users/42').set('authorization', `Bearer ${admin}`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      const missing = await app
        .http()
        .get('/api/v1/users/7a3c4a8e-1d1b-4c1e-9a63-4f1f0f7b2b11')
        .set('authorization', `Bearer ${admin}`)
        .expect(404);
      expect(missing.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });
  });

  describe('users', () => {
    it('lets an admin deactivate an account and change its role, recorded in the audit trail', async () => {
      const { token: admin } = await app.signIn('admin');
      const user = await aUser(app, { role: 'participant' });
      const response = await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .send({ role: 'reviewer', active: false })
        .set('authorization', `Bearer ${admin}`)
        .expect(200);
      expect(response.body).toMatchObject({ role: 'reviewer', active: false });
      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityId: user.id, action: 'user.updated' })
        .set('authorization', `Bearer ${admin}`)
        .expect(200);
      expect(audit.body.items[0].changes).toEqual({
        role: { before: 'participant', after: 'reviewer' },
        active: { before: true, after: false },
      });
    });

    it('refuses an admin demoting or deactivating themselves (422)', async () => {
      const { token, userId } = await app.signIn('admin');
      const response = await app
        .http()
        .patch(`/api/v1/users/${userId}`)
        .send({ active: false })
        .set('authorization', `Bearer ${token}`)
        .expect(422);
      expect(response.body).toMatchObject({ type: '/problems/own-account', status: 422 });
    });

    it('keeps e-mails unique whatever their case, in the database itself', async () => {
      await aUser(app, { email: 'unique@example.org' });
      await expect(aUser(app, { email: 'UNIQUE@Example.org' })).rejects.toMatchObject({ status: 409 });
      await expect(
        app.dataSource.query(
          `INSERT INTO users (email, display_name, role) VALUES ('Unique@EXAMPLE.org', 'Bypass', 'participant')`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23505' } });
    });
  });

  describe('audit events', () => {
    it('are readable by coordinators and admins only', async () => {
      for (const role of ['participant', 'reviewer', 'funder'] as const) {
        const { token } = await app.signIn(role);
        const response = await app
          .http()
          .get('/api/v1/audit-events')
          .set('authorization', `Bearer ${token}`)
          .expect(403);
        expect(response.body.status).toBe(403);
      }
      const { token } = await app.signIn('coordinator');
      await app.http().get('/api/v1/audit-events').set('authorization', `Bearer ${token}`).expect(200);
    });

    it('filter by action and time, and refuse malformed filters', async () => {
      const { token } = await app.signIn('coordinator');
      const from = new Date(Date.now() - 60_000).toISOString();
      const response = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ action: 'user.created', from })
        .set('authorization', `Bearer ${token}`)
        .expect(200);
      expect(response.body.total).toBeGreaterThan(0);
      expect(response.body.items.every((event: { action: string }) => event.action === 'user.created')).toBe(true);
      const bad = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ from: 'yesterday', entityId: 'x' })
        .set('authorization', `Bearer ${token}`)
        .expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['entityId', 'from']);
    });
  });
});
