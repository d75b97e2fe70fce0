import { randomUUID } from 'node:crypto';
import { InvitationsService } from '../src/invitations/invitations.service';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem, fieldsOf, idsOf, PROBLEM, unique } from './support/http';
import { TestApp } from './support/test-app';

describe('Staff (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(() => app.close());

  const validBody = (organisationId: string) => ({
    organisationId,
    fullName: 'Wang Fang',
    email: `wang.fang-${unique()}@example.cn`,
    gender: 'female',
    languages: [
      { code: 'zh', level: 'native' },
      { code: 'en', level: 'working' },
    ],
    expertise: ['water_resources', 'climate_change'],
    jobTitle: 'Programme officer',
    yearsOfExperience: 7,
    locale: 'zh',
  });

  const createStaff = (body: object, token = coordinator) => app.http().post('/api/v1/staff').set(as(token)).send(body);

  const listStaff = (query: Record<string, string | number>, token = coordinator) =>
    app.http().get('/api/v1/staff').query(query).set(as(token));

  /** A participant account with a staff profile linked to it. */
  const aParticipantWithProfile = async (organisationId?: string) => {
    const orgId = organisationId ?? (await anOrganisation(app)).id;
    const participant = await app.signIn('participant');
    const profile = await aStaffMember(app, { organisationId: orgId, userId: participant.userId });
    return { ...participant, profile };
  };

  describe('POST /staff', () => {
    it('lets a coordinator register a staff member, with the e-mail stored lower-case', async () => {
      const organisation = await anOrganisation(app, { region: 'CN' });
      const body = { ...validBody(organisation.id), email: `Wang.Fang-${unique()}@Example.CN` };
      const response = await createStaff(body).expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        organisation: {
          id: organisation.id,
          name: organisation.name,
          region: 'CN',
          country: 'CN',
        },
        fullName: 'Wang Fang',
        email: body.email.toLowerCase(),
        gender: 'female',
        languages: body.languages,
        expertise: ['water_resources', 'climate_change'],
        jobTitle: 'Programme officer',
        yearsOfExperience: 7,
        locale: 'zh',
        userId: null,
        erased: false,
      });
      const [row] = await app.dataSource.query('SELECT email FROM staff WHERE id = $1', [response.body.id]);
      expect(row.email).toBe(body.email.toLowerCase());
      const read = await app.http().get(`/api/v1/staff/${response.body.id}`).set(as(coordinator)).expect(200);
      expect(read.body).toMatchObject({ id: response.body.id, email: body.email.toLowerCase() });
    });

    it('answers 409 email-taken for a second staff member with the same e-mail in another case', async () => {
      const organisation = await anOrganisation(app);
      const email = `same.person-${unique()}@example.org`;
      await createStaff({ ...validBody(organisation.id), email }).expect(201);
      const response = await createStaff({ ...validBody(organisation.id), email: email.toUpperCase() }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/email-taken', status: 409 });
      const [{ count }] = await app.dataSource.query(
        'SELECT count(*)::int AS count FROM staff WHERE lower(email) = $1',
        [email],
      );
      expect(count).toBe(1);
    });

    it('answers 422 naming organisationId for an organisation that does not exist', async () => {
      const response = await createStaff(validBody(randomUUID())).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/unknown-reference', status: 422 });
      expect(fieldsOf(response.body)).toEqual(['organisationId']);
    });

    it('answers 422 naming userId for an account that is not a participant', async () => {
      const organisation = await anOrganisation(app);
      const { userId } = await app.signIn('reviewer');
      const response = await createStaff({ ...validBody(organisation.id), userId }).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/unknown-reference', status: 422 });
      expect(fieldsOf(response.body)).toEqual(['userId']);
    });

    it.each([
      ['an unknown language code', { languages: [{ code: 'xx', level: 'fluent' }] }, 'languages.0.code'],
      ['an unknown language level', { languages: [{ code: 'en', level: 'expert' }] }, 'languages.0.level'],
      ['an unknown area of expertise', { expertise: ['fishing'] }, 'expertise'],
      ['negative years of experience', { yearsOfExperience: -1 }, 'yearsOfExperience'],
      ['an unknown gender', { gender: 'other' }, 'gender'],
      ['a null gender', { gender: null }, 'gender'],
      ['an unknown field', { role: 'admin' }, 'role'],
    ])('answers 400 naming the field for %s', async (_, change, field) => {
      const organisation = await anOrganisation(app);
      const body = { ...validBody(organisation.id), ...change };
      const response = await createStaff(body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(new Set(fieldsOf(response.body))).toEqual(new Set([field]));
      const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM staff WHERE email = $1', [
        body.email,
      ]);
      expect(count).toBe(0);
    });

    it('lets a coordinator change any field with PATCH, refusing a taken e-mail (409) and an unknown organisation (422)', async () => {
      const from = await anOrganisation(app);
      const to = await anOrganisation(app, { region: 'CN' });
      const staff = await aStaffMember(app, { organisationId: from.id });
      const other = await aStaffMember(app, { organisationId: from.id });
      const email = `Moved-${unique()}@Example.org`;
      const changed = await app
        .http()
        .patch(`/api/v1/staff/${staff.id}`)
        .set(as(coordinator))
        .send({ organisationId: to.id, email, fullName: '  Li Wei  ' })
        .expect(200);
      expect(changed.body).toMatchObject({
        organisation: { id: to.id, region: 'CN' },
        email: email.toLowerCase(),
        fullName: 'Li Wei',
      });

      const taken = await app
        .http()
        .patch(`/api/v1/staff/${staff.id}`)
        .set(as(coordinator))
        .send({ email: other.email.toUpperCase() })
        .expect(409);
      expect(taken.body).toMatchObject({ type: '/problems/email-taken', status: 409 });

      const unknown = await app
        .http()
        .patch(`/api/v1/staff/${staff.id}`)
        .set(as(coordinator))
        .send({ organisationId: randomUUID() })
        .expect(422);
      expect(unknown.body).toMatchObject({ type: '/problems/unknown-reference', status: 422 });
      expect(fieldsOf(unknown.body)).toEqual(['organisationId']);

      const read = await app.http().get(`/api/v1/staff/${staff.id}`).set(as(coordinator)).expect(200);
      expect(read.body).toMatchObject({ organisation: { id: to.id }, email: email.toLowerCase() });
    });

    it('refuses reviewers, participants and funders (403)', async () => {
      const organisation = await anOrganisation(app);
      for (const role of ['reviewer', 'participant', 'funder'] as const) {
        const { token } = await app.signIn(role);
        const response = await createStaff(validBody(organisation.id), token).expect(403);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
      }
    });
  });

  describe('null in a body', () => {
    const patchStaff = (id: string, body: object, token = coordinator) =>
      app.http().patch(`/api/v1/staff/${id}`).set(as(token)).send(body);

    it('answers 400 naming fullName when a coordinator sets it to null, and keeps the name', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      expectInvalid(await patchStaff(staff.id, { fullName: null }), 'fullName');
      const read = await app.http().get(`/api/v1/staff/${staff.id}`).set(as(coordinator)).expect(200);
      expect(read.body.fullName).toBe(staff.fullName);
    });

    it('answers 400 naming languages when a participant sets their own to null, and keeps them', async () => {
      const { token, profile } = await aParticipantWithProfile();
      expectInvalid(await patchStaff(profile.id, { languages: null }, token), 'languages');
      const read = await app.http().get('/api/v1/staff/me').set(as(token)).expect(200);
      expect(read.body.languages).toEqual(profile.languages);
    });

    it('lets a coordinator clear the job title, which may be null (200)', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      expect(staff.jobTitle).not.toBeNull();
      const response = await patchStaff(staff.id, { jobTitle: null }).expect(200);
      expect(response.body).toMatchObject({ id: staff.id, jobTitle: null });
      const read = await app.http().get(`/api/v1/staff/${staff.id}`).set(as(coordinator)).expect(200);
      expect(read.body.jobTitle).toBeNull();
    });
  });

  describe('linking a profile to an account', () => {
    const link = (id: string, userId: string | null) =>
      app.http().patch(`/api/v1/staff/${id}`).set(as(coordinator)).send({ userId });

    it('refuses to move a linked profile to another account (409), but links it once it was unlinked', async () => {
      const { profile, userId } = await aParticipantWithProfile();
      const other = await app.signIn('participant');

      expectProblem(await link(profile.id, other.userId), 409, '/problems/staff-already-linked');
      const kept = await app.http().get(`/api/v1/staff/${profile.id}`).set(as(coordinator)).expect(200);
      expect(kept.body.userId).toBe(userId);
      expectProblem(await app.http().get('/api/v1/staff/me').set(as(other.token)), 404, '/problems/not-found');

      const unlinked = await link(profile.id, null).expect(200);
      expect(unlinked.body).toMatchObject({ id: profile.id, userId: null });
      const relinked = await link(profile.id, other.userId).expect(200);
      expect(relinked.body).toMatchObject({ id: profile.id, userId: other.userId });
      const me = await app.http().get('/api/v1/staff/me').set(as(other.token)).expect(200);
      expect(me.body.id).toBe(profile.id);
    });
  });

  describe('GET /staff', () => {
    it('filters by organisation, region of the organisation, expertise, language at any level and name', async () => {
      const prefix = `Zq${unique()}`;
      const berlin = await anOrganisation(app, { region: 'EU' });
      const chengdu = await anOrganisation(app, { region: 'CN' });
      const anna = await aStaffMember(app, {
        organisationId: berlin.id,
        fullName: `${prefix} Anna`,
        expertise: ['water_resources'],
        languages: [{ code: 'en', level: 'fluent' }],
      });
      const bernd = await aStaffMember(app, {
        organisationId: berlin.id,
        fullName: `${prefix} Bernd`,
        expertise: ['climate_change'],
        languages: [
          { code: 'de', level: 'native' },
          { code: 'fr', level: 'basic' },
        ],
      });
      const chen = await aStaffMember(app, {
        organisationId: chengdu.id,
        fullName: `${prefix} Chen`,
        expertise: ['climate_change', 'gender_equality'],
        languages: [
          { code: 'zh', level: 'native' },
          { code: 'en', level: 'basic' },
        ],
      });
      const sorted = (ids: string[]) => [...ids].sort();

      const byOrganisation = await listStaff({ organisationId: berlin.id }).expect(200);
      expect(byOrganisation.body.total).toBe(2);
      expect(sorted(idsOf(byOrganisation))).toEqual(sorted([anna.id, bernd.id]));

      const byRegion = await listStaff({ search: prefix, region: 'CN' }).expect(200);
      expect(idsOf(byRegion)).toEqual([chen.id]);
      expect(byRegion.body.total).toBe(1);

      const byExpertise = await listStaff({ search: prefix, expertise: 'climate_change' }).expect(200);
      expect(sorted(idsOf(byExpertise))).toEqual(sorted([bernd.id, chen.id]));

      const english = await listStaff({ search: prefix, language: 'en' }).expect(200);
      expect(sorted(idsOf(english))).toEqual(sorted([anna.id, chen.id]));
      const french = await listStaff({ search: prefix, language: 'fr' }).expect(200);
      expect(idsOf(french)).toEqual([bernd.id]);

      const byName = await listStaff({ search: `${prefix} be`.toUpperCase() }).expect(200);
      expect(idsOf(byName)).toEqual([bernd.id]);
      const all = await listStaff({ search: prefix }).expect(200);
      expect(all.body.total).toBe(3);
    });

    it('sorts by full name by default or on request, and by years of experience descending', async () => {
      const organisation = await anOrganisation(app);
      const on = { organisationId: organisation.id };
      const carla = await aStaffMember(app, { ...on, fullName: 'Carla', yearsOfExperience: 2 });
      const ahmed = await aStaffMember(app, { ...on, fullName: 'Ahmed', yearsOfExperience: 12 });
      const bo = await aStaffMember(app, { ...on, fullName: 'Bo', yearsOfExperience: 20 });
      const dana = await aStaffMember(app, { ...on, fullName: 'Dana', yearsOfExperience: null });

      expect(idsOf(await listStaff(on).expect(200))).toEqual([ahmed.id, bo.id, carla.id, dana.id]);
      expect(idsOf(await listStaff({ ...on, sort: 'fullName' }).expect(200))).toEqual([
        ahmed.id,
        bo.id,
        carla.id,
        dana.id,
      ]);
      expect(idsOf(await listStaff({ ...on, sort: '-fullName' }).expect(200))).toEqual([
        dana.id,
        carla.id,
        bo.id,
        ahmed.id,
      ]);
      expect(idsOf(await listStaff({ ...on, sort: '-yearsOfExperience' }).expect(200))).toEqual([
        bo.id,
        ahmed.id,
        carla.id,
        dana.id,
      ]);
    });

    it('pages with page and pageSize, and tells the total', async () => {
      const organisation = await anOrganisation(app);
      const on = { organisationId: organisation.id };
      const created = [];
      for (const name of ['A', 'B', 'C']) created.push(await aStaffMember(app, { ...on, fullName: name }));
      const second = await listStaff({ ...on, page: 2, pageSize: 2 }).expect(200);
      expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(idsOf(second)).toEqual([created[2].id]);
    });

    it.each([
      ['an unknown sort field', { sort: 'email' }, 'sort'],
      ['a page larger than 100', { pageSize: 1000 }, 'pageSize'],
      ['an organisationId that is not a UUID', { organisationId: 'nope' }, 'organisationId'],
      ['an unknown language code', { language: 'xx' }, 'language'],
    ])('answers 400 naming the parameter for %s', async (_, query, field) => {
      const response = await listStaff(query).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toEqual([field]);
    });

    it('answers 400 naming id for a path id that is not a UUID, and 404 for an unknown one', async () => {
      const bad = await app.http().get('/api/v1/staff/not-a-uuid').set(as(coordinator)).expect(400);
      expect(bad.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      const unknown = await app.http().get(`/api/v1/staff/${randomUUID()}`).set(as(coordinator)).expect(404);
      expect(unknown.headers['content-type']).toMatch(PROBLEM);
      expect(unknown.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it('refuses funders (403) and callers without a token (401)', async () => {
      const { token } = await app.signIn('funder');
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      for (const path of ['/api/v1/staff', `/api/v1/staff/${staff.id}`]) {
        const refused = await app.http().get(path).set(as(token)).expect(403);
        expect(refused.headers['content-type']).toMatch(PROBLEM);
        expect(refused.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
        const anonymous = await app.http().get(path).expect(401);
        expect(anonymous.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
      }
    });
  });

  describe('participants and their own profile', () => {
    it('shows a participant their own profile at /staff/me and only it in the list', async () => {
      const { token, userId, profile } = await aParticipantWithProfile();
      await aParticipantWithProfile();

      const me = await app.http().get('/api/v1/staff/me').set(as(token)).expect(200);
      expect(me.body).toMatchObject({ id: profile.id, email: profile.email, userId });

      const list = await listStaff({}, token).expect(200);
      expect(list.body.total).toBe(1);
      expect(idsOf(list)).toEqual([profile.id]);

      const own = await app.http().get(`/api/v1/staff/${profile.id}`).set(as(token)).expect(200);
      expect(own.body.id).toBe(profile.id);
    });

    it("answers 404 for another participant's profile", async () => {
      const { token } = await aParticipantWithProfile();
      const other = await aParticipantWithProfile();
      const response = await app.http().get(`/api/v1/staff/${other.profile.id}`).set(as(token)).expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it('answers 404 at /staff/me for a participant without a profile', async () => {
      const { token } = await app.signIn('participant');
      const response = await app.http().get('/api/v1/staff/me').set(as(token)).expect(404);
      expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it('lets a participant change languages, expertise, job title and locale of their own profile', async () => {
      const { token, profile } = await aParticipantWithProfile();
      const changes = {
        languages: [
          { code: 'fr', level: 'working' },
          { code: 'en', level: 'native' },
        ],
        expertise: ['gender_equality'],
        jobTitle: 'Senior researcher',
        locale: 'zh',
      };
      const response = await app.http().patch(`/api/v1/staff/${profile.id}`).set(as(token)).send(changes).expect(200);
      expect(response.body).toMatchObject({ id: profile.id, ...changes });
      const read = await app.http().get('/api/v1/staff/me').set(as(token)).expect(200);
      expect(read.body).toMatchObject(changes);
    });

    it('answers 403 field-not-yours naming organisationId, email and fullName, and changes nothing', async () => {
      const { token, profile } = await aParticipantWithProfile();
      const elsewhere = await anOrganisation(app);
      const response = await app
        .http()
        .patch(`/api/v1/staff/${profile.id}`)
        .set(as(token))
        .send({
          organisationId: elsewhere.id,
          email: `new-${unique()}@example.org`,
          fullName: 'Someone Else',
          jobTitle: 'Director',
        })
        .expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/field-not-yours', status: 403 });
      expect(new Set(fieldsOf(response.body))).toEqual(new Set(['organisationId', 'email', 'fullName']));
      const read = await app.http().get('/api/v1/staff/me').set(as(token)).expect(200);
      expect(read.body).toMatchObject({
        organisation: { id: profile.organisationId },
        email: profile.email,
        fullName: profile.fullName,
        jobTitle: profile.jobTitle,
      });
    });

    it('answers 400 for a role field, which no profile has', async () => {
      const { token, profile } = await aParticipantWithProfile();
      const response = await app
        .http()
        .patch(`/api/v1/staff/${profile.id}`)
        .set(as(token))
        .send({ role: 'coordinator' })
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(response.body.errors).toEqual([{ field: 'role', message: 'is not an allowed field' }]);
    });

    it("answers 404 to a participant changing someone else's profile, which stays as it was", async () => {
      const { token } = await aParticipantWithProfile();
      const other = await aParticipantWithProfile();
      const response = await app
        .http()
        .patch(`/api/v1/staff/${other.profile.id}`)
        .set(as(token))
        .send({ jobTitle: 'Hijacked' })
        .expect(404);
      expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      const read = await app.http().get(`/api/v1/staff/${other.profile.id}`).set(as(coordinator)).expect(200);
      expect(read.body.jobTitle).toBe(other.profile.jobTitle);
    });
  });

  describe('reviewers', () => {
    it('see only applicants of the cohorts they are assigned to, without e-mail or account', async () => {
      const euOrganisation = await anOrganisation(app, { region: 'EU' });
      const cnHost = await anOrganisation(app, { region: 'CN', hostingCapacity: 3 });
      const cohort = await aCohort(app);
      const reviewer = await app.signIn('reviewer');
      const unassigned = await app.signIn('reviewer');
      await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [reviewer.userId] })
        .expect(200);
      const participant = await app.signIn('participant');
      const applicant = await aStaffMember(app, { organisationId: euOrganisation.id, userId: participant.userId });
      const bystander = await aStaffMember(app, { organisationId: euOrganisation.id });
      await anApplication(app, { cohortId: cohort.id, staffId: applicant.id, preferredHostIds: [cnHost.id] });

      const seen = await app.http().get(`/api/v1/staff/${applicant.id}`).set(as(reviewer.token)).expect(200);
      expect(seen.body).toMatchObject({
        id: applicant.id,
        fullName: applicant.fullName,
        organisation: { id: euOrganisation.id },
      });
      expect(seen.body).not.toHaveProperty('email');
      expect(seen.body).not.toHaveProperty('userId');

      const hidden = await app.http().get(`/api/v1/staff/${bystander.id}`).set(as(reviewer.token)).expect(404);
      expect(hidden.body).toMatchObject({ type: '/problems/not-found', status: 404 });

      const list = await listStaff({}, reviewer.token).expect(200);
      expect(list.body.total).toBe(1);
      expect(idsOf(list)).toEqual([applicant.id]);
      expect(list.body.items[0]).not.toHaveProperty('email');
      expect(list.body.items[0]).not.toHaveProperty('userId');

      await app.http().get(`/api/v1/staff/${applicant.id}`).set(as(unassigned.token)).expect(404);
      const none = await listStaff({}, unassigned.token).expect(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('consents', () => {
    const consentsOf = (staffId: string, token: string) =>
      app.http().get(`/api/v1/staff/${staffId}/consents`).set(as(token));
    const record = (staffId: string, token: string, body: object) =>
      app.http().post(`/api/v1/staff/${staffId}/consents`).set(as(token)).send(body);

    it('records a grant then a withdrawal: the withdrawal holds, the history keeps both, the audit trail both', async () => {
      const { token, profile } = await aParticipantWithProfile();
      const granted = await record(profile.id, token, {
        purpose: 'share_with_funders',
        granted: true,
        textVersion: '2027-01',
      }).expect(201);
      expect(granted.body).toMatchObject({
        id: expect.any(String),
        purpose: 'share_with_funders',
        granted: true,
        textVersion: '2027-01',
      });
      const withdrawn = await record(profile.id, token, {
        purpose: 'share_with_funders',
        granted: false,
        textVersion: '2027-01',
      }).expect(201);
      expect(withdrawn.body).toMatchObject({ purpose: 'share_with_funders', granted: false });

      const consents = await consentsOf(profile.id, token).expect(200);
      expect(consents.body.current).toHaveLength(1);
      expect(consents.body.current[0]).toMatchObject({
        id: withdrawn.body.id,
        purpose: 'share_with_funders',
        granted: false,
      });
      expect(consents.body.history.map((entry: { id: string }) => entry.id)).toEqual([
        withdrawn.body.id,
        granted.body.id,
      ]);

      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'staff', entityId: profile.id })
        .set(as(coordinator))
        .expect(200);
      const actions = audit.body.items.map((event: { action: string }) => event.action);
      expect(actions).toEqual(expect.arrayContaining(['consent.granted', 'consent.withdrawn']));
      expect(actions.filter((action: string) => action.startsWith('consent.'))).toHaveLength(2);
    });

    it("answers 404 to a participant reading or recording another participant's consents", async () => {
      const { token } = await aParticipantWithProfile();
      const other = await aParticipantWithProfile();
      const read = await consentsOf(other.profile.id, token).expect(404);
      expect(read.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      const written = await record(other.profile.id, token, {
        purpose: 'share_with_funders',
        granted: true,
        textVersion: '2027-01',
      }).expect(404);
      expect(written.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      const theirs = await consentsOf(other.profile.id, other.token).expect(200);
      expect(theirs.body).toEqual({ current: [], history: [] });
    });

    it('answers 400 naming purpose for an unknown purpose', async () => {
      const { token, profile } = await aParticipantWithProfile();
      const response = await record(profile.id, token, {
        purpose: 'sell_to_advertisers',
        granted: true,
        textVersion: '2027-01',
      }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toEqual(['purpose']);
      const consents = await consentsOf(profile.id, token).expect(200);
      expect(consents.body.history).toEqual([]);
    });
  });

  describe('invitations linked to a profile', () => {
    const invite = (body: object) => app.http().post('/api/v1/invitations').set(as(coordinator)).send(body);

    it('lets a coordinator invite a participant for an unlinked profile (201, carrying staffId)', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      const response = await invite({
        email: staff.email,
        displayName: staff.fullName,
        role: 'participant',
        staffId: staff.id,
      }).expect(201);
      expect(response.body).toMatchObject({
        email: staff.email,
        role: 'participant',
        staffId: staff.id,
        state: 'pending',
      });
    });

    it('records the linked profile in the invitation.created audit event', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      const created = await invite({
        email: `linked-${unique()}@example.org`,
        displayName: staff.fullName,
        role: 'participant',
        staffId: staff.id,
      }).expect(201);
      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'invitation', entityId: created.body.id, action: 'invitation.created' })
        .set(as(coordinator))
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0].changes.staffId).toEqual({ before: null, after: staff.id });
    });

    it('links the new account to the profile when the invitation is accepted', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      const email = `invited-${unique()}@example.org`;
      const { token } = await app
        .get(InvitationsService)
        .create({ email, displayName: 'Invited Staff', role: 'participant', staffId: staff.id }, null);
      const password = 'a long enough password';
      const accepted = await app.http().post('/api/v1/auth/accept-invitation').send({ token, password }).expect(201);
      const login = await app.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
      const me = await app.http().get('/api/v1/staff/me').set(as(login.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ id: staff.id, userId: accepted.body.user.id });
    });

    it('answers 400 naming staffId for a profile on an invitation that is not for a participant', async () => {
      const staff = await aStaffMember(app, { organisationId: (await anOrganisation(app)).id });
      const response = await invite({
        email: `funder-${unique()}@example.org`,
        displayName: 'F',
        role: 'funder',
        staffId: staff.id,
      }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(fieldsOf(response.body)).toEqual(['staffId']);
    });

    it('answers 409 for a profile already linked to an account', async () => {
      const { profile } = await aParticipantWithProfile();
      const response = await invite({
        email: `second-${unique()}@example.org`,
        displayName: 'Second',
        role: 'participant',
        staffId: profile.id,
      }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/staff-already-linked', status: 409 });
    });
  });
});
