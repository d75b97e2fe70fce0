import { randomUUID } from 'node:crypto';
import { anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, fieldsOf, PROBLEM } from './support/http';
import { TestApp } from './support/test-app';

/** A name prefix no other test uses, so `?search=` isolates one test's organisations. */
const freshPrefix = () => `Zq${randomUUID().slice(0, 8)}`;

const validBody = () => ({
  name: `Organisation ${randomUUID().slice(0, 8)}`,
  type: 'ngo',
  region: 'EU',
  country: 'DE',
  city: 'Berlin',
  latitude: 52.52,
  longitude: 13.405,
  thematicAreas: ['water_resources'],
  workingLanguages: ['de', 'en'],
  hostingCapacity: 2,
  contactEmail: 'contact@example.org',
  website: 'https://example.org',
});

describe('Organisations (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(() => app.close());

  const list = (query: Record<string, string | number | boolean>, token = coordinator) =>
    app.http().get('/api/v1/organisations').query(query).set(as(token));

  describe('create, read, update, delete', () => {
    it('lets a coordinator create an organisation and echoes every field, the country upper-cased', async () => {
      const body = { ...validBody(), country: 'de', name: '  Berlin Water Network  ' };
      const response = await app.http().post('/api/v1/organisations').set(as(coordinator)).send(body).expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        name: 'Berlin Water Network',
        type: 'ngo',
        region: 'EU',
        country: 'DE',
        city: 'Berlin',
        latitude: 52.52,
        longitude: 13.405,
        thematicAreas: ['water_resources'],
        workingLanguages: ['de', 'en'],
        hostingCapacity: 2,
        contactEmail: 'contact@example.org',
        website: 'https://example.org',
      });

      const read = await app.http().get(`/api/v1/organisations/${response.body.id}`).set(as(coordinator)).expect(200);
      expect(read.body).toMatchObject({
        id: response.body.id,
        name: 'Berlin Water Network',
        country: 'DE',
        thematicAreas: ['water_resources'],
      });
      expect(read.body.latitude).toBe(52.52);
      expect(read.body.longitude).toBe(13.405);
    });

    it('updates an organisation with PATCH and records organisation.updated in the audit trail', async () => {
      const organisation = await anOrganisation(app, { region: 'CN', hostingCapacity: 1 });
      const response = await app
        .http()
        .patch(`/api/v1/organisations/${organisation.id}`)
        .set(as(coordinator))
        .send({ hostingCapacity: 4, city: 'Chongqing', country: 'cn', thematicAreas: ['climate_change', 'other'] })
        .expect(200);
      expect(response.body).toMatchObject({
        thematicAreas: ['climate_change', 'other'],
        id: organisation.id,
        name: organisation.name,
        hostingCapacity: 4,
        city: 'Chongqing',
        country: 'CN',
        region: 'CN',
      });

      const read = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(200);
      expect(read.body).toMatchObject({
        hostingCapacity: 4,
        city: 'Chongqing',
        thematicAreas: ['climate_change', 'other'],
      });

      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'organisation', entityId: organisation.id })
        .set(as(coordinator))
        .expect(200);
      const updated = audit.body.items.filter((event: { action: string }) => event.action === 'organisation.updated');
      expect(updated).toHaveLength(1);
      expect(updated[0].changes).toMatchObject({
        hostingCapacity: { before: 1, after: 4 },
        city: { before: 'Chengdu', after: 'Chongqing' },
      });
    });

    it('clears the website, which may be null, with PATCH (200)', async () => {
      const organisation = await anOrganisation(app, { website: 'https://example.org' });
      const response = await app
        .http()
        .patch(`/api/v1/organisations/${organisation.id}`)
        .set(as(coordinator))
        .send({ website: null })
        .expect(200);
      expect(response.body).toMatchObject({ id: organisation.id, website: null });
      const read = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(200);
      expect(read.body.website).toBeNull();
    });

    it('deletes an organisation nothing refers to (204), after which it is gone (404)', async () => {
      const organisation = await anOrganisation(app);
      await app.http().delete(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(204);
      const gone = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(404);
      expect(gone.headers['content-type']).toMatch(PROBLEM);
      expect(gone.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it('refuses with 409 to delete an organisation a staff member belongs to, and keeps it', async () => {
      const organisation = await anOrganisation(app);
      await aStaffMember(app, { organisationId: organisation.id });
      const response = await app
        .http()
        .delete(`/api/v1/organisations/${organisation.id}`)
        .set(as(coordinator))
        .expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/reference', status: 409 });
      await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(200);
    });
  });

  describe('GET /organisations', () => {
    it('filters by region, country, thematic area, type and hosting', async () => {
      const prefix = freshPrefix();
      const berlin = await anOrganisation(app, { name: `${prefix} Berlin`, region: 'EU', hostingCapacity: 0 });
      const paris = await anOrganisation(app, {
        name: `${prefix} Paris`,
        region: 'EU',
        country: 'FR',
        city: 'Paris',
        thematicAreas: ['gender_equality', 'climate_change'],
        type: 'foundation',
        hostingCapacity: 3,
      });
      const chengdu = await anOrganisation(app, {
        name: `${prefix} Chengdu`,
        region: 'CN',
        type: 'think_tank',
        thematicAreas: ['climate_change'],
      });
      const ids = (response: { body: { items: Array<{ id: string }> } }) =>
        response.body.items.map((item) => item.id).sort();

      const all = await list({ search: prefix }).expect(200);
      expect(all.body.total).toBe(3);

      const eu = await list({ search: prefix, region: 'EU' }).expect(200);
      expect(ids(eu)).toEqual([berlin.id, paris.id].sort());
      expect(eu.body.total).toBe(2);

      const cn = await list({ search: prefix, region: 'CN' }).expect(200);
      expect(ids(cn)).toEqual([chengdu.id]);

      const france = await list({ search: prefix, country: 'fr' }).expect(200);
      expect(ids(france)).toEqual([paris.id]);

      const climate = await list({ search: prefix, thematicArea: 'climate_change' }).expect(200);
      expect(ids(climate)).toEqual([paris.id, chengdu.id].sort());

      const thinkTanks = await list({ search: prefix, type: 'think_tank' }).expect(200);
      expect(ids(thinkTanks)).toEqual([chengdu.id]);

      const hosts = await list({ search: prefix, hostsOnly: true }).expect(200);
      expect(ids(hosts)).toEqual([paris.id, chengdu.id].sort());
      expect(hosts.body.total).toBe(2);

      const notOnlyHosts = await list({ search: prefix, hostsOnly: false }).expect(200);
      expect(notOnlyHosts.body.total).toBe(3);
    });

    it('searches the name and the city, case-insensitively', async () => {
      const prefix = freshPrefix();
      const named = await anOrganisation(app, { name: `${prefix} Water` });
      const inCity = await anOrganisation(app, { name: 'Some other name', city: `${prefix}ville` });
      await anOrganisation(app);
      const response = await list({ search: prefix.toUpperCase() }).expect(200);
      expect(response.body.total).toBe(2);
      expect(response.body.items.map((item: { id: string }) => item.id).sort()).toEqual([named.id, inCity.id].sort());
    });

    it('sorts by name, ascending or descending, and by hosting capacity descending', async () => {
      const prefix = freshPrefix();
      const bravo = await anOrganisation(app, { name: `${prefix} Bravo`, hostingCapacity: 5 });
      const alpha = await anOrganisation(app, { name: `${prefix} Alpha`, hostingCapacity: 1 });
      const charlie = await anOrganisation(app, { name: `${prefix} Charlie`, hostingCapacity: 9 });
      const order = (response: { body: { items: Array<{ id: string }> } }) =>
        response.body.items.map((item) => item.id);

      expect(order(await list({ search: prefix }).expect(200))).toEqual([alpha.id, bravo.id, charlie.id]);
      expect(order(await list({ search: prefix, sort: 'name' }).expect(200))).toEqual([alpha.id, bravo.id, charlie.id]);
      expect(order(await list({ search: prefix, sort: '-name' }).expect(200))).toEqual([
        charlie.id,
        bravo.id,
        alpha.id,
      ]);
      expect(order(await list({ search: prefix, sort: '-hostingCapacity' }).expect(200))).toEqual([
        charlie.id,
        bravo.id,
        alpha.id,
      ]);
    });

    it('pages with page and pageSize, and tells the total', async () => {
      const prefix = freshPrefix();
      const created = [];
      for (const letter of ['A', 'B', 'C', 'D', 'E']) {
        created.push(await anOrganisation(app, { name: `${prefix} ${letter}` }));
      }
      const first = await list({ search: prefix, pageSize: 2 }).expect(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 5 });
      expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([created[0].id, created[1].id]);

      const third = await list({ search: prefix, page: 3, pageSize: 2 }).expect(200);
      expect(third.body).toMatchObject({ page: 3, pageSize: 2, total: 5 });
      expect(third.body.items.map((item: { id: string }) => item.id)).toEqual([created[4].id]);

      const beyond = await list({ search: prefix, page: 4, pageSize: 2 }).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 5 });
    });

    it('answers 400 naming sort for an unknown sort field', async () => {
      const response = await list({ sort: 'secret' }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toEqual(['sort']);
    });

    it('answers 400 naming pageSize for a page larger than 100', async () => {
      const response = await list({ pageSize: 1000 }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toEqual(['pageSize']);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown country code', { country: 'XX' }, 'country'],
      ['a three-letter country code', { country: 'deu' }, 'country'],
      ['a language name instead of an ISO 639-1 code', { workingLanguages: ['english'] }, 'workingLanguages'],
      ['an unknown thematic area', { thematicAreas: ['fishing'] }, 'thematicAreas'],
      ['a latitude above 90', { latitude: 91 }, 'latitude'],
      ['a longitude below -180', { longitude: -181 }, 'longitude'],
      ['a negative hosting capacity', { hostingCapacity: -1 }, 'hostingCapacity'],
      ['a malformed contact e-mail', { contactEmail: 'not-an-email' }, 'contactEmail'],
      ['a javascript: website', { website: 'javascript:alert(1)' }, 'website'],
    ];

    it.each(cases)('answers 400 naming the field for %s on create', async (_, change, field) => {
      const response = await app
        .http()
        .post('/api/v1/organisations')
        .set(as(coordinator))
        .send({ ...validBody(), ...change })
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toContain(field);
      expect(new Set(fieldsOf(response.body))).toEqual(new Set([field]));
    });

    it.each(cases)('answers 400 naming the field for %s on update, and changes nothing', async (_, change, field) => {
      const { id } = await anOrganisation(app);
      const before = await app.http().get(`/api/v1/organisations/${id}`).set(as(coordinator)).expect(200);
      const response = await app
        .http()
        .patch(`/api/v1/organisations/${id}`)
        .set(as(coordinator))
        .send(change)
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(new Set(fieldsOf(response.body))).toEqual(new Set([field]));
      const after = await app.http().get(`/api/v1/organisations/${id}`).set(as(coordinator)).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('answers 400 for an unknown field, saying it is not allowed', async () => {
      const response = await app
        .http()
        .post('/api/v1/organisations')
        .set(as(coordinator))
        .send({ ...validBody(), foo: 'bar' })
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(response.body.errors).toEqual([{ field: 'foo', message: 'is not an allowed field' }]);
    });

    it('answers 400 naming name when it is missing', async () => {
      const withoutName: Partial<ReturnType<typeof validBody>> = validBody();
      delete withoutName.name;
      const response = await app
        .http()
        .post('/api/v1/organisations')
        .set(as(coordinator))
        .send(withoutName)
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(new Set(fieldsOf(response.body))).toEqual(new Set(['name']));
    });

    it('answers 400 naming name when an update sets it to null, and keeps the name', async () => {
      const organisation = await anOrganisation(app);
      const response = await app
        .http()
        .patch(`/api/v1/organisations/${organisation.id}`)
        .set(as(coordinator))
        .send({ name: null });
      expectInvalid(response, 'name');
      expect(new Set(fieldsOf(response.body))).toEqual(new Set(['name']));
      const read = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(coordinator)).expect(200);
      expect(read.body.name).toBe(organisation.name);
    });

    it('answers 400 naming id for a path id that is not a UUID, on every route', async () => {
      for (const method of ['get', 'patch', 'delete'] as const) {
        const response = await app.http()[method]('/api/v1/organisations/not-a-uuid').set(as(coordinator)).send({});
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
        expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      }
    });

    it('answers 404 for an unknown id, on every route', async () => {
      const id = randomUUID();
      for (const method of ['get', 'patch', 'delete'] as const) {
        const response = await app
          .http()
          [method](`/api/v1/organisations/${id}`)
          .set(as(coordinator))
          .send(method === 'patch' ? { city: 'Lyon' } : {});
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      }
    });
  });

  describe('roles', () => {
    it.each(['participant', 'reviewer', 'funder'] as const)(
      'lets a %s read organisations but not create, change or delete them (403)',
      async (role) => {
        const { token } = await app.signIn(role);
        const organisation = await anOrganisation(app);

        const listed = await list({ search: organisation.name }, token).expect(200);
        expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([organisation.id]);
        const read = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(token)).expect(200);
        expect(read.body).toMatchObject({ id: organisation.id, name: organisation.name });

        const refusals = [
          await app.http().post('/api/v1/organisations').set(as(token)).send(validBody()),
          await app.http().patch(`/api/v1/organisations/${organisation.id}`).set(as(token)).send({ city: 'Hamburg' }),
          await app.http().delete(`/api/v1/organisations/${organisation.id}`).set(as(token)),
        ];
        for (const response of refusals) {
          expect(response.status).toBe(403);
          expect(response.headers['content-type']).toMatch(PROBLEM);
          expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
        }
        const after = await app.http().get(`/api/v1/organisations/${organisation.id}`).set(as(token)).expect(200);
        expect(after.body.city).toBe(organisation.city);
      },
    );

    it('answers 401 to every route without a token', async () => {
      const organisation = await anOrganisation(app);
      const responses = [
        await app.http().get('/api/v1/organisations'),
        await app.http().get(`/api/v1/organisations/${organisation.id}`),
        await app.http().post('/api/v1/organisations').send(validBody()),
        await app.http().patch(`/api/v1/organisations/${organisation.id}`).send({ city: 'Hamburg' }),
        await app.http().delete(`/api/v1/organisations/${organisation.id}`),
      ];
      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
      }
    });
  });
});
