import { randomUUID } from 'node:crypto';
import { Cohort } from '../src/cohorts/cohort.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { StaffMember } from '../src/staff/staff-member.entity';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem, idsOf as ids } from './support/http';
import { TestApp } from './support/test-app';

describe('Applications (HTTP)', () => {
  let app: TestApp;
  let coordinator: { token: string; userId: string };
  let euOrg: Organisation;
  let euOrg2: Organisation;
  let cnHost: Organisation;
  let cnHost2: Organisation;
  let cnNoHost: Organisation;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.signIn('coordinator');
    euOrg = await anOrganisation(app, { region: 'EU' });
    euOrg2 = await anOrganisation(app, { region: 'EU' });
    cnHost = await anOrganisation(app, { region: 'CN', hostingCapacity: 2 });
    cnHost2 = await anOrganisation(app, { region: 'CN', hostingCapacity: 2 });
    cnNoHost = await anOrganisation(app, { region: 'CN', hostingCapacity: 0 });
  });

  afterAll(() => app.close());

  /** A participant account with a staff profile at the EU organisation linked to it. */
  async function aParticipant(): Promise<{ token: string; userId: string; staff: StaffMember }> {
    const { token, userId } = await app.signIn('participant');
    const staff = await aStaffMember(app, { organisationId: euOrg.id, userId });
    return { token, userId, staff };
  }

  const single = (cohortId: string, overrides: object = {}) => ({
    cohortId,
    kind: 'single',
    availableFrom: '2027-08-01',
    availableTo: '2027-09-30',
    preferredHostIds: [cnHost.id],
    motivation: 'I want to learn how community water monitoring works elsewhere.',
    workPlan: 'Four weeks with the host team, then a joint workshop.',
    ...overrides,
  });
  const joint = (cohortId: string, overrides: object = {}) => ({
    cohortId,
    kind: 'joint',
    partnerOrganisationId: cnHost.id,
    exchangeTopic: 'Community-led water monitoring',
    availableFrom: '2027-08-01',
    availableTo: '2027-09-30',
    motivation: 'We already work together on river data.',
    workPlan: 'Exchange of monitoring staff both ways.',
    ...overrides,
  });

  const apply = (token: string, body: object) => app.http().post('/api/v1/applications').set(as(token)).send(body);
  const transition = (token: string, id: string, to: string) =>
    app.http().post(`/api/v1/applications/${id}/transitions`).set(as(token)).send({ to });
  const getApplication = (token: string, id: string) => app.http().get(`/api/v1/applications/${id}`).set(as(token));
  const listApplications = (token: string, query: Record<string, string | number>) =>
    app.http().get('/api/v1/applications').query(query).set(as(token));
  const moveCohort = async (cohortId: string, ...steps: string[]) => {
    for (const to of steps) {
      await app
        .http()
        .post(`/api/v1/cohorts/${cohortId}/transitions`)
        .set(as(coordinator.token))
        .send({ to })
        .expect(200);
    }
  };
  const rowsFor = async (staffId: string, cohortId: string) =>
    (
      await app.dataSource.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status <> 'withdrawn')::int AS live
           FROM applications WHERE staff_id = $1 AND cohort_id = $2`,
        [staffId, cohortId],
      )
    )[0] as { total: number; live: number };

  describe('POST /applications by a participant', () => {
    it('applies for their own profile in an open cohort, and sees no scores', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      const response = await apply(
        participant.token,
        single(cohort.id, { preferredHostIds: [cnHost.id, cnHost2.id] }),
      ).expect(201);
      expect(response.body).toMatchObject({
        cohortId: cohort.id,
        kind: 'single',
        status: 'submitted',
        applicant: {
          id: participant.staff.id,
          email: participant.staff.email,
          organisationId: euOrg.id,
          region: 'EU',
        },
        partner: null,
        preferredHostIds: [cnHost.id, cnHost2.id],
        availableFrom: '2027-08-01',
        availableTo: '2027-09-30',
        decidedAt: null,
        withdrawnAt: null,
      });
      expect(response.body).not.toHaveProperty('averageScore');
      expect(response.body).not.toHaveProperty('reviewCount');
      const again = await getApplication(participant.token, response.body.id).expect(200);
      expect(again.body).not.toHaveProperty('averageScore');
      expect(again.body).not.toHaveProperty('reviewCount');
    });

    it('answers 409 for a second application of the same staff member to the same cohort', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      await apply(participant.token, single(cohort.id)).expect(201);
      const response = await apply(participant.token, single(cohort.id, { preferredHostIds: [cnHost2.id] }));
      expectProblem(response, 409, '/problems/application-exists');
      expect(await rowsFor(participant.staff.id, cohort.id)).toEqual({ total: 1, live: 1 });
    });

    it('keeps one live application when the same staff member applies twice at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const responses = await Promise.all([
          apply(participant.token, single(cohort.id)),
          apply(participant.token, single(cohort.id, { preferredHostIds: [cnHost2.id] })),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
        expectProblem(
          responses.find((response) => response.status === 409)!,
          409,
          '/problems/application-exists',
        );
        expect(await rowsFor(participant.staff.id, cohort.id)).toEqual({ total: 1, live: 1 });
      }
    });

    it('lets a participant apply again after withdrawing', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      const first = await apply(participant.token, single(cohort.id)).expect(201);
      const withdrawn = await transition(participant.token, first.body.id, 'withdrawn').expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
      const second = await apply(participant.token, single(cohort.id)).expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(await rowsFor(participant.staff.id, cohort.id)).toEqual({ total: 2, live: 1 });
    });

    it('refuses to apply once the cohort has moved on to matching (422), even after withdrawing', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      const first = await apply(participant.token, single(cohort.id)).expect(201);
      await transition(participant.token, first.body.id, 'withdrawn').expect(200);
      await moveCohort(cohort.id, 'matching');
      expectProblem(await apply(participant.token, single(cohort.id)), 422, '/problems/cohort-not-open');
      expect(await rowsFor(participant.staff.id, cohort.id)).toEqual({ total: 1, live: 0 });
    });

    it('answers a draft cohort, which participants cannot see, as an unknown cohortId (422)', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const participant = await aParticipant();
      const response = await apply(participant.token, single(cohort.id));
      expectProblem(response, 422, '/problems/unknown-reference');
      expect(response.body.errors).toEqual([{ field: 'cohortId', message: expect.any(String) }]);
    });

    it('refuses a participant withdrawing once the cohort is matching (422)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      const created = await apply(participant.token, single(cohort.id)).expect(201);
      await moveCohort(cohort.id, 'matching');
      expectProblem(
        await transition(participant.token, created.body.id, 'withdrawn'),
        422,
        '/problems/cohort-not-open',
      );
      expect((await getApplication(participant.token, created.body.id).expect(200)).body.status).toBe('submitted');
    });

    describe('preferred hosts of a single application', () => {
      it('refuses more than five (400)', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const six = Array.from({ length: 6 }, () => randomUUID());
        expectInvalid(await apply(participant.token, single(cohort.id, { preferredHostIds: six })), 'preferredHostIds');
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });

      it('refuses the same host twice (400)', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const response = await apply(
          participant.token,
          single(cohort.id, { preferredHostIds: [cnHost.id, cnHost.id] }),
        );
        expectInvalid(response, 'preferredHostIds');
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });

      it.each<[string, () => string[], string]>([
        ['a host on the applicant’s own side', () => [euOrg2.id], 'preferredHostIds.0'],
        ['a host that does not host (capacity 0)', () => [cnHost.id, cnNoHost.id], 'preferredHostIds.1'],
        ['an organisation that does not exist', () => [randomUUID()], 'preferredHostIds.0'],
        ['the applicant’s own organisation', () => [euOrg.id], 'preferredHostIds.0'],
      ])('refuses %s with 422 naming the position', async (_case, hosts, field) => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const response = await apply(participant.token, single(cohort.id, { preferredHostIds: hosts() }));
        expectProblem(response, 422, '/problems/host-not-eligible');
        expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });
    });

    describe('joint applications', () => {
      it('answers 400 naming partnerOrganisationId when the partner is missing', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        expectInvalid(
          await apply(participant.token, joint(cohort.id, { partnerOrganisationId: undefined })),
          'partnerOrganisationId',
        );
      });

      it('answers 400 naming exchangeTopic when the topic is missing', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        expectInvalid(await apply(participant.token, joint(cohort.id, { exchangeTopic: undefined })), 'exchangeTopic');
      });

      it('answers 400 naming preferredHostIds when a joint application lists preferences', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        expectInvalid(
          await apply(participant.token, joint(cohort.id, { preferredHostIds: [cnHost2.id] })),
          'preferredHostIds',
        );
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });

      it('refuses a partner on the applicant’s own side with 422 naming partnerOrganisationId', async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const response = await apply(participant.token, joint(cohort.id, { partnerOrganisationId: euOrg2.id }));
        expectProblem(response, 422, '/problems/host-not-eligible');
        expect(response.body.errors).toEqual([{ field: 'partnerOrganisationId', message: expect.any(String) }]);
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });

      it("creates a joint application whose partner contact defaults to the partner's address", async () => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const response = await apply(participant.token, joint(cohort.id)).expect(201);
        expect(response.body).toMatchObject({
          kind: 'joint',
          status: 'submitted',
          partner: { id: cnHost.id, name: cnHost.name, region: 'CN' },
          exchangeTopic: 'Community-led water monitoring',
          partnerContactEmail: cnHost.contactEmail,
          preferredHostIds: [],
        });
      });
    });

    describe('bad input and whose profile it is', () => {
      let cohort: Cohort;
      let participant: Awaited<ReturnType<typeof aParticipant>>;

      beforeAll(async () => {
        cohort = await aCohort(app, { status: 'open' });
        participant = await aParticipant();
      });

      it('answers 400 naming availableTo when it is before availableFrom', async () => {
        expectInvalid(await apply(participant.token, single(cohort.id, { availableTo: '2027-07-31' })), 'availableTo');
      });

      it('answers 400 naming availableFrom when it is not a real date', async () => {
        expectInvalid(
          await apply(participant.token, single(cohort.id, { availableFrom: '2027-13-01' })),
          'availableFrom',
        );
      });

      it('answers 400 naming an unknown field', async () => {
        const response = await apply(participant.token, single(cohort.id, { budget: 5000 }));
        expectInvalid(response, 'budget');
        expect(response.body.errors).toContainEqual({ field: 'budget', message: 'is not an allowed field' });
      });

      it("refuses a participant naming another staff member's profile (403)", async () => {
        const other = await aStaffMember(app, { organisationId: euOrg.id });
        expectProblem(
          await apply(participant.token, single(cohort.id, { staffId: other.id })),
          403,
          '/problems/not-your-profile',
        );
        expect((await rowsFor(other.id, cohort.id)).total).toBe(0);
        expect((await rowsFor(participant.staff.id, cohort.id)).total).toBe(0);
      });

      it('refuses a participant whose account has no staff profile (422)', async () => {
        const { token } = await app.signIn('participant');
        expectProblem(await apply(token, single(cohort.id)), 422, '/problems/no-staff-profile');
      });
    });
  });

  describe('coordinators', () => {
    it('apply on behalf of a named staff member and see the review figures', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const response = await apply(coordinator.token, single(cohort.id, { staffId: staff.id })).expect(201);
      expect(response.body).toMatchObject({
        status: 'submitted',
        applicant: { id: staff.id, email: staff.email },
        averageScore: null,
        reviewCount: 0,
      });
    });

    it('must name the staff member (400 naming staffId)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      expectInvalid(await apply(coordinator.token, single(cohort.id)), 'staffId');
    });

    it.each(['draft', 'matching'] as const)('cannot apply to a %s cohort (422)', async (status) => {
      const cohort = await aCohort(app, { status });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      expectProblem(
        await apply(coordinator.token, single(cohort.id, { staffId: staff.id })),
        422,
        '/problems/cohort-not-open',
      );
      expect((await rowsFor(staff.id, cohort.id)).total).toBe(0);
    });

    it('accept, reject, and revise an acceptance into a rejection', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const [first, second] = [
        await aStaffMember(app, { organisationId: euOrg.id }),
        await aStaffMember(app, { organisationId: euOrg.id }),
      ];
      const toAccept = await anApplication(app, {
        cohortId: cohort.id,
        staffId: first.id,
        preferredHostIds: [cnHost.id],
      });
      const toReject = await anApplication(app, {
        cohortId: cohort.id,
        staffId: second.id,
        preferredHostIds: [cnHost.id],
      });

      const accepted = await transition(coordinator.token, toAccept.id, 'accepted').expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', decidedAt: expect.any(String) });
      const rejected = await transition(coordinator.token, toReject.id, 'rejected').expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', decidedAt: expect.any(String) });
      const revised = await transition(coordinator.token, toAccept.id, 'rejected').expect(200);
      expect(revised.body.status).toBe('rejected');
    });

    it('cannot move an accepted application back to submitted (409 naming the allowed statuses)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cnHost.id],
      });
      await transition(coordinator.token, application.id, 'accepted').expect(200);
      const response = await transition(coordinator.token, application.id, 'submitted');
      expectProblem(response, 409, '/problems/illegal-transition');
      expect(response.body).toMatchObject({ from: 'accepted', to: 'submitted' });
      expect([...response.body.allowed].sort()).toEqual(['rejected', 'withdrawn']);
      expect((await getApplication(coordinator.token, application.id).expect(200)).body.status).toBe('accepted');
    });

    it('cannot decide once the cohort is active (422)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cnHost.id],
      });
      await moveCohort(cohort.id, 'matching', 'active');
      for (const to of ['accepted', 'rejected']) {
        expectProblem(await transition(coordinator.token, application.id, to), 422, '/problems/cohort-not-deciding');
      }
      expect((await getApplication(coordinator.token, application.id).expect(200)).body.status).toBe('submitted');
    });

    it('answers 400 naming `to` for a status that does not exist', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cnHost.id],
      });
      expectInvalid(await transition(coordinator.token, application.id, 'shortlisted'), 'to');
    });
  });

  describe("another participant's application", () => {
    it('is invisible to a participant: GET, PATCH and withdraw answer 404, and the list holds only their own', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const a = await aParticipant();
      const b = await aParticipant();
      const own = await apply(a.token, single(cohort.id)).expect(201);
      const others = await apply(b.token, single(cohort.id)).expect(201);

      expectProblem(await getApplication(a.token, others.body.id), 404, '/problems/not-found');
      expectProblem(
        await app
          .http()
          .patch(`/api/v1/applications/${others.body.id}`)
          .set(as(a.token))
          .send({ motivation: 'Mine now' }),
        404,
        '/problems/not-found',
      );
      expectProblem(await transition(a.token, others.body.id, 'withdrawn'), 404, '/problems/not-found');

      const list = await listApplications(a.token, {}).expect(200);
      expect(list.body.total).toBe(1);
      expect(ids(list)).toEqual([own.body.id]);
      const untouched = await getApplication(b.token, others.body.id).expect(200);
      expect(untouched.body).toMatchObject({ status: 'submitted', motivation: single(cohort.id).motivation });
    });
  });

  describe('PATCH /applications/:id by the applicant', () => {
    it('changes their own while it is submitted and the cohort open, not once a coordinator has accepted it', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const participant = await aParticipant();
      const created = await apply(participant.token, single(cohort.id)).expect(201);
      const changed = await app
        .http()
        .patch(`/api/v1/applications/${created.body.id}`)
        .set(as(participant.token))
        .send({ motivation: 'A sharper motivation.' })
        .expect(200);
      expect(changed.body.motivation).toBe('A sharper motivation.');

      await transition(coordinator.token, created.body.id, 'accepted').expect(200);
      const refused = await app
        .http()
        .patch(`/api/v1/applications/${created.body.id}`)
        .set(as(participant.token))
        .send({ motivation: 'Changed after acceptance.' });
      expectProblem(refused, 422, '/problems/application-decided');
      expect((await getApplication(participant.token, created.body.id).expect(200)).body.motivation).toBe(
        'A sharper motivation.',
      );
    });
  });

  describe('null in a body', () => {
    it.each(['preferredHostIds', 'motivation'])(
      'answers 400 naming %s when the applicant sets it to null, and keeps it',
      async (field) => {
        const cohort = await aCohort(app, { status: 'open' });
        const participant = await aParticipant();
        const created = await apply(participant.token, single(cohort.id)).expect(201);
        const response = await app
          .http()
          .patch(`/api/v1/applications/${created.body.id}`)
          .set(as(participant.token))
          .send({ [field]: null });
        expectInvalid(response, field);
        const read = await getApplication(participant.token, created.body.id).expect(200);
        expect(read.body[field]).toEqual(created.body[field]);
      },
    );
  });

  describe('once the cohort is settled', () => {
    async function submitted() {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cnHost.id],
      });
      return { cohort, application };
    }

    it('lets a coordinator withdraw an application while the cohort is matching', async () => {
      const { cohort, application } = await submitted();
      await moveCohort(cohort.id, 'matching');
      const withdrawn = await transition(coordinator.token, application.id, 'withdrawn').expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
    });

    it('refuses a coordinator withdrawing an application of an active cohort (422 cohort-settled)', async () => {
      const { cohort, application } = await submitted();
      await moveCohort(cohort.id, 'matching', 'active');
      expectProblem(await transition(coordinator.token, application.id, 'withdrawn'), 422, '/problems/cohort-settled');
      const read = await getApplication(coordinator.token, application.id).expect(200);
      expect(read.body).toMatchObject({ status: 'submitted', withdrawnAt: null });
    });

    it('refuses a coordinator changing an application of an active cohort (422 cohort-settled)', async () => {
      const { cohort, application } = await submitted();
      await moveCohort(cohort.id, 'matching', 'active');
      const response = await app
        .http()
        .patch(`/api/v1/applications/${application.id}`)
        .set(as(coordinator.token))
        .send({ motivation: 'Rewritten after the fact' });
      expectProblem(response, 422, '/problems/cohort-settled');
      const read = await getApplication(coordinator.token, application.id).expect(200);
      expect(read.body.motivation).toBe(application.motivation);
    });
  });

  describe('reviewers and funders', () => {
    it('shows an assigned reviewer the applications of the cohort, with scores and without contact data', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const reviewer = await app.signIn('reviewer');
      await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator.token))
        .send({ userIds: [reviewer.userId] })
        .expect(200);
      const participant = await aParticipant();
      const created = await apply(
        participant.token,
        joint(cohort.id, { partnerContactName: 'Chen Jing', partnerContactEmail: 'chen.jing@partner.example' }),
      ).expect(201);

      const list = await listApplications(reviewer.token, { cohortId: cohort.id }).expect(200);
      expect(ids(list)).toEqual([created.body.id]);
      const seen = await getApplication(reviewer.token, created.body.id).expect(200);
      for (const body of [list.body.items[0], seen.body]) {
        expect(body).toMatchObject({ id: created.body.id, averageScore: null, reviewCount: 0 });
        expect(body.applicant).toMatchObject({ id: participant.staff.id, fullName: participant.staff.fullName });
        expect(body.applicant).not.toHaveProperty('email');
        expect(body).not.toHaveProperty('partnerContactEmail');
        expect(body).not.toHaveProperty('partnerContactName');
        expect(JSON.stringify(body)).not.toContain(participant.staff.email);
        expect(JSON.stringify(body)).not.toContain('chen.jing@partner.example');
      }
    });

    it('hides the applications of other cohorts from a reviewer (404, empty list)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const { token } = await app.signIn('reviewer');
      const staff = await aStaffMember(app, { organisationId: euOrg.id });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cnHost.id],
      });
      expectProblem(await getApplication(token, application.id), 404, '/problems/not-found');
      const list = await listApplications(token, { cohortId: cohort.id }).expect(200);
      expect(list.body).toMatchObject({ items: [], total: 0 });
    });

    it('refuses funders the applications (403)', async () => {
      const funderOrg = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
      const { token } = await app.signIn('funder', { organisationId: funderOrg.id });
      expectProblem(await listApplications(token, {}), 403, '/problems/forbidden');
    });
  });

  describe('GET /applications', () => {
    it('filters by cohort, status, staff member and kind', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await Promise.all([1, 2, 3].map(() => aStaffMember(app, { organisationId: euOrg.id })));
      const first = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff[0].id,
        preferredHostIds: [cnHost.id],
      });
      const second = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff[1].id,
        kind: 'joint',
        partnerOrganisationId: cnHost2.id,
        exchangeTopic: 'Waste sorting in dense cities',
        preferredHostIds: [],
      });
      const third = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff[2].id,
        preferredHostIds: [cnHost.id],
      });
      await transition(coordinator.token, third.id, 'accepted').expect(200);
      const query = (extra: Record<string, string>) =>
        listApplications(coordinator.token, { cohortId: cohort.id, ...extra }).expect(200);

      const all = await query({});
      expect(all.body.total).toBe(3);
      expect(ids(all).sort()).toEqual([first.id, second.id, third.id].sort());
      expect(ids(await query({ status: 'accepted' }))).toEqual([third.id]);
      expect(ids(await query({ staffId: staff[0].id }))).toEqual([first.id]);
      expect(ids(await query({ kind: 'joint' }))).toEqual([second.id]);
      expect(ids(await query({ kind: 'single', status: 'submitted' }))).toEqual([first.id]);
    });

    it('sorts by average review score, unreviewed last, with the mean and the count', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const staff = await Promise.all([1, 2, 3].map(() => aStaffMember(app, { organisationId: euOrg.id })));
      const [twice, once, never] = await Promise.all(
        staff.map((member) =>
          anApplication(app, { cohortId: cohort.id, staffId: member.id, preferredHostIds: [cnHost.id] }),
        ),
      );
      const secondCoordinator = await app.signIn('coordinator');
      const review = (token: string, id: string, scores: [number, number, number]) =>
        app
          .http()
          .post(`/api/v1/applications/${id}/reviews`)
          .set(as(token))
          .send({
            organisationalCompatibility: scores[0],
            workPlanQuality: scores[1],
            applicantExperience: scores[2],
            comment: 'Scored by the committee.',
          })
          .expect(201);
      // Means 4.333… and 3.333… average to 3.8333…; a single 4.666… review rounds to 4.67.
      await review(coordinator.token, twice.id, [5, 4, 4]);
      await review(secondCoordinator.token, twice.id, [3, 3, 4]);
      await review(coordinator.token, once.id, [5, 5, 4]);

      const descending = await listApplications(coordinator.token, {
        cohortId: cohort.id,
        sort: '-averageScore',
      }).expect(200);
      expect(ids(descending)).toEqual([once.id, twice.id, never.id]);
      expect(
        descending.body.items.map((item: { averageScore: number | null; reviewCount: number }) => [
          item.averageScore,
          item.reviewCount,
        ]),
      ).toEqual([
        [4.67, 1],
        [3.83, 2],
        [null, 0],
      ]);
      const ascending = await listApplications(coordinator.token, { cohortId: cohort.id, sort: 'averageScore' }).expect(
        200,
      );
      expect(ids(ascending)).toEqual([twice.id, once.id, never.id]);
      const byCount = await listApplications(coordinator.token, { cohortId: cohort.id, sort: '-reviewCount' }).expect(
        200,
      );
      expect(ids(byCount)).toEqual([twice.id, once.id, never.id]);
      const fetched = await getApplication(coordinator.token, twice.id).expect(200);
      expect(fetched.body).toMatchObject({ averageScore: 3.83, reviewCount: 2 });
    });

    it.each(['averageScore', '-reviewCount'])(
      'answers 400 naming sort to an applicant sorting by %s, which would reveal their scores',
      async (sort) => {
        const participant = await aParticipant();
        expectInvalid(await listApplications(participant.token, { sort }), 'sort');
      },
    );

    it('answers 400 naming the parameter for an unknown sort field or a page size above 100', async () => {
      expectInvalid(await listApplications(coordinator.token, { sort: 'motivation' }), 'sort');
      expectInvalid(await listApplications(coordinator.token, { pageSize: 1000 }), 'pageSize');
    });
  });

  it('writes application.submitted and application.transitioned to the audit trail', async () => {
    const cohort = await aCohort(app, { status: 'open' });
    const participant = await aParticipant();
    const created = await apply(participant.token, single(cohort.id)).expect(201);
    await transition(participant.token, created.body.id, 'withdrawn').expect(200);
    const audit = await app
      .http()
      .get('/api/v1/audit-events')
      .query({ entityType: 'application', entityId: created.body.id })
      .set(as(coordinator.token))
      .expect(200);
    const byAction = Object.fromEntries(
      audit.body.items.map((event: { action: string }) => [event.action, event]),
    ) as Record<string, { actorId: string; changes: Record<string, { before: unknown; after: unknown }> }>;
    expect(byAction['application.submitted']).toMatchObject({
      actorId: participant.userId,
      changes: {
        status: { before: null, after: 'submitted' },
        cohortId: { before: null, after: cohort.id },
        staffId: { before: null, after: participant.staff.id },
      },
    });
    expect(byAction['application.transitioned']).toMatchObject({
      actorId: participant.userId,
      changes: { status: { before: 'submitted', after: 'withdrawn' } },
    });
  });
});
