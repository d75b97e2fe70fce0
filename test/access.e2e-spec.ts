import { randomUUID } from 'node:crypto';
import { Role, ROLES } from '../src/common/auth/role';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { TestApp } from './support/test-app';

type Expected = Record<Role, number>;

interface Row {
  route: string;
  request: () => { method: 'get' | 'post' | 'patch' | 'put'; path: string; body?: object };
  expected: Expected;
}

const all = (status: number): Expected => ({
  admin: status,
  coordinator: status,
  reviewer: status,
  participant: status,
  funder: status,
});

/** SPEC §4, route by route: what each role gets (allowed answers, 403 for a refused role, 404 for an unseen object). */
describe('Access per role (HTTP)', () => {
  let app: TestApp;
  const tokens = {} as Record<Role, string>;
  let rows: Row[];

  beforeAll(async () => {
    app = await TestApp.start();
    const eu = await anOrganisation(app, { region: 'EU' });
    const cn = await anOrganisation(app, { region: 'CN' });
    const funderOrganisation = await anOrganisation(app, { region: 'EU', type: 'funder', hostingCapacity: 0 });
    for (const role of ROLES) {
      const overrides = role === 'funder' ? { organisationId: funderOrganisation.id } : {};
      const session = await app.signIn(role, overrides);
      tokens[role] = session.token;
      if (role === 'participant') {
        await aStaffMember(app, { organisationId: eu.id, userId: session.userId });
      }
    }
    const participantUser = await app.dataSource.query(`SELECT id FROM users WHERE role = 'participant'`);
    const [own] = await app.dataSource.query(`SELECT id FROM staff WHERE user_id = $1`, [participantUser[0].id]);
    const stranger = await aStaffMember(app, { organisationId: eu.id });
    const cohort = await aCohort(app, { status: 'open' });
    const draft = await aCohort(app, { status: 'draft' });
    const [reviewer] = await app.dataSource.query(`SELECT id FROM users WHERE role = 'reviewer'`);
    await app.dataSource.query(`INSERT INTO cohort_reviewers (cohort_id, user_id) VALUES ($1, $2)`, [
      cohort.id,
      reviewer.id,
    ]);
    await app.dataSource.query(`INSERT INTO cohort_funders (cohort_id, organisation_id) VALUES ($1, $2)`, [
      cohort.id,
      funderOrganisation.id,
    ]);
    const application = await anApplication(app, { cohortId: cohort.id, staffId: own.id, preferredHostIds: [cn.id] });

    const organisationBody = () => ({
      name: `Access ${randomUUID()}`,
      type: 'ngo',
      region: 'EU',
      country: 'FR',
      city: 'Lyon',
      latitude: 45.764,
      longitude: 4.8357,
      thematicAreas: ['other'],
      workingLanguages: ['fr'],
      hostingCapacity: 1,
    });

    rows = [
      { route: 'GET /organisations', request: () => ({ method: 'get', path: '/organisations' }), expected: all(200) },
      {
        route: 'POST /organisations',
        request: () => ({ method: 'post', path: '/organisations', body: organisationBody() }),
        expected: { admin: 201, coordinator: 201, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'PATCH /organisations/:id',
        request: () => ({ method: 'patch', path: `/organisations/${cn.id}`, body: { hostingCapacity: 3 } }),
        expected: { admin: 200, coordinator: 200, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'GET /staff',
        request: () => ({ method: 'get', path: '/staff' }),
        expected: { admin: 200, coordinator: 200, reviewer: 200, participant: 200, funder: 403 },
      },
      {
        route: "GET /staff/:id (the applicant's, participant's own)",
        request: () => ({ method: 'get', path: `/staff/${own.id}` }),
        expected: { admin: 200, coordinator: 200, reviewer: 200, participant: 200, funder: 403 },
      },
      {
        route: 'GET /staff/:id (someone who did not apply)',
        request: () => ({ method: 'get', path: `/staff/${stranger.id}` }),
        expected: { admin: 200, coordinator: 200, reviewer: 404, participant: 404, funder: 403 },
      },
      {
        route: 'POST /staff',
        request: () => ({
          method: 'post',
          path: '/staff',
          body: {
            organisationId: eu.id,
            fullName: 'New Person',
            email: `${randomUUID()}@example.org`,
            languages: [],
            expertise: [],
          },
        }),
        expected: { admin: 201, coordinator: 201, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'GET /staff/:id/consents (own)',
        request: () => ({ method: 'get', path: `/staff/${own.id}/consents` }),
        expected: { admin: 200, coordinator: 200, reviewer: 403, participant: 200, funder: 403 },
      },
      {
        route: 'GET /staff/:id/export (own)',
        request: () => ({ method: 'get', path: `/staff/${own.id}/export` }),
        expected: { admin: 200, coordinator: 200, reviewer: 403, participant: 200, funder: 403 },
      },
      {
        route: 'GET /cohorts/:id (open, funded, assigned)',
        request: () => ({ method: 'get', path: `/cohorts/${cohort.id}` }),
        expected: all(200),
      },
      {
        route: 'GET /cohorts/:id (draft, unassigned, unfunded)',
        request: () => ({ method: 'get', path: `/cohorts/${draft.id}` }),
        expected: { admin: 200, coordinator: 200, reviewer: 404, participant: 404, funder: 404 },
      },
      {
        route: 'POST /cohorts',
        request: () => ({
          method: 'post',
          path: '/cohorts',
          body: { name: `Cohort ${randomUUID()}`, applicationOpensOn: '2027-01-10', applicationClosesOn: '2027-03-31' },
        }),
        expected: { admin: 201, coordinator: 201, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'PUT /cohorts/:id/reviewers',
        request: () => ({ method: 'put', path: `/cohorts/${draft.id}/reviewers`, body: { userIds: [] } }),
        expected: { admin: 200, coordinator: 200, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'GET /applications',
        request: () => ({ method: 'get', path: '/applications' }),
        expected: { admin: 200, coordinator: 200, reviewer: 200, participant: 200, funder: 403 },
      },
      {
        route: 'GET /applications/:id',
        request: () => ({ method: 'get', path: `/applications/${application.id}` }),
        expected: { admin: 200, coordinator: 200, reviewer: 200, participant: 200, funder: 403 },
      },
      {
        route: 'GET /applications/:id/reviews',
        request: () => ({ method: 'get', path: `/applications/${application.id}/reviews` }),
        expected: { admin: 200, coordinator: 200, reviewer: 200, participant: 403, funder: 403 },
      },
      {
        route: 'POST /applications/:id/transitions (accept)',
        request: () => ({
          method: 'post',
          path: `/applications/${application.id}/transitions`,
          body: { to: 'accepted' },
        }),
        // Once accepted, a second accept is an illegal transition: admin goes first and gets 200.
        expected: { admin: 200, coordinator: 409, reviewer: 403, participant: 409, funder: 403 },
      },
      {
        route: 'GET /audit-events',
        request: () => ({ method: 'get', path: '/audit-events' }),
        expected: { admin: 200, coordinator: 200, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'GET /users',
        request: () => ({ method: 'get', path: '/users' }),
        expected: { admin: 200, coordinator: 403, reviewer: 403, participant: 403, funder: 403 },
      },
      {
        route: 'POST /staff/:id/erase',
        request: () => ({ method: 'post', path: `/staff/${stranger.id}/erase` }),
        expected: { admin: 204, coordinator: 403, reviewer: 403, participant: 403, funder: 403 },
      },
    ];
  });

  afterAll(() => app.close());

  it('gives every role exactly what §4 allows on every route of the programme data', async () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      for (const role of ROLES) {
        const { method, path, body } = row.request();
        const response = await app
          .http()
          [method](`/api/v1${path}`)
          .set('authorization', `Bearer ${tokens[role]}`)
          .send(body);
        if (response.status !== row.expected[role]) {
          mismatches.push(`${row.route} as ${role}: ${response.status}, expected ${row.expected[role]}`);
        }
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers 401 without a token on each of those routes', async () => {
    for (const row of rows) {
      const { method, path, body } = row.request();
      const response = await app.http()[method](`/api/v1${path}`).send(body);
      expect({ route: row.route, status: response.status }).toEqual({ route: row.route, status: 401 });
    }
  });
});
