import { CohortStatus } from '../src/cohorts/cohort-status';
import { DEFAULT_GRANT_RULES } from '../src/cohorts/grant-rules';
import { aCohort, anApplication, anOrganisation, aStaffMember, aUser } from './support/builders';
import { as, expectInvalid, idsOf as ids, PROBLEM, unique } from './support/http';
import { TestApp } from './support/test-app';

describe('Cohorts (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(() => app.close());

  const createCohort = (token: string, body: object) => app.http().post('/api/v1/cohorts').set(as(token)).send(body);
  const transition = (token: string, id: string, to: string) =>
    app.http().post(`/api/v1/cohorts/${id}/transitions`).set(as(token)).send({ to });
  const getCohort = (token: string, id: string) => app.http().get(`/api/v1/cohorts/${id}`).set(as(token));
  const listCohorts = (token: string, query: Record<string, string | number> = {}) =>
    app.http().get('/api/v1/cohorts').query(query).set(as(token));

  /** One cohort in each status, all named with `tag` so that a search finds exactly them. */
  async function oneOfEachStatus(tag: string): Promise<Record<CohortStatus, string>> {
    const statuses: CohortStatus[] = ['draft', 'open', 'matching', 'active', 'closed'];
    const cohorts = await Promise.all(statuses.map((status) => aCohort(app, { status, name: `${tag} ${status}` })));
    return Object.fromEntries(cohorts.map((cohort) => [cohort.status, cohort.id])) as Record<CohortStatus, string>;
  }

  describe('POST /cohorts', () => {
    it('creates a draft cohort from a name and application dates, with the EU-China programme defaults', async () => {
      const name = `Twinning ${unique()}`;
      const response = await createCohort(coordinator, {
        name,
        applicationOpensOn: '2026-11-15',
        applicationClosesOn: '2027-02-28',
      }).expect(201);
      expect(response.body).toMatchObject({
        name,
        description: '',
        sides: ['EU', 'CN'],
        applicationOpensOn: '2026-11-15',
        applicationClosesOn: '2027-02-28',
        // The windows fall in the year applications close, not the year they open.
        exchangeWindows: [
          { from: 'EU', to: 'CN', startsOn: '2027-08-01', endsOn: '2027-09-30' },
          { from: 'CN', to: 'EU', startsOn: '2027-10-08', endsOn: '2027-12-09' },
        ],
        minPlacementDays: 28,
        maxPlacementDays: 56,
        status: 'draft',
        reviewers: [],
        funders: [],
        applicationCounts: { submitted: 0, accepted: 0, rejected: 0, withdrawn: 0 },
      });
      const { grantRules, reportQuestions } = response.body;
      const amounts = [
        grantRules.visa,
        grantRules.insurance,
        ...grantRules.travelBands.map((band: { amount: unknown }) => band.amount),
        ...grantRules.dailyAllowances.map((rule: { amount: unknown }) => rule.amount),
      ];
      expect(amounts.length).toBeGreaterThan(4);
      for (const amount of amounts) expect(amount).toEqual({ amountMinor: expect.any(Number), currency: 'EUR' });
      expect(grantRules.dailyAllowances.map((rule: { hostSide: string }) => rule.hostSide).sort()).toEqual([
        'CN',
        'EU',
      ]);
      expect(reportQuestions.midterm.length).toBeGreaterThan(0);
      expect(reportQuestions.final.length).toBeGreaterThan(0);

      const stored = await getCohort(coordinator, response.body.id).expect(200);
      expect(stored.body).toMatchObject({ name, status: 'draft', exchangeWindows: response.body.exchangeWindows });
    });

    const valid = () => ({
      name: `Cohort ${unique()}`,
      applicationOpensOn: '2027-01-15',
      applicationClosesOn: '2027-03-31',
    });
    const windows = (first: object, second: object) => ({ exchangeWindows: [first, second] });
    const euToCn = { from: 'EU', to: 'CN', startsOn: '2027-08-01', endsOn: '2027-09-30' };
    const cnToEu = { from: 'CN', to: 'EU', startsOn: '2027-10-08', endsOn: '2027-12-09' };

    it.each<[string, object, string]>([
      [
        'an application opening date that is not a real date',
        { applicationOpensOn: '2027-02-30' },
        'applicationOpensOn',
      ],
      [
        'an application opening date not written YYYY-MM-DD',
        { applicationOpensOn: '15/01/2027' },
        'applicationOpensOn',
      ],
      ['applications closing before they open', { applicationClosesOn: '2027-01-14' }, 'applicationClosesOn'],
      ['maxPlacementDays below minPlacementDays', { minPlacementDays: 40, maxPlacementDays: 30 }, 'maxPlacementDays'],
      [
        'an exchange window ending before it starts',
        windows({ ...euToCn, endsOn: '2027-07-01' }, cnToEu),
        'exchangeWindows.0.endsOn',
      ],
      [
        'two exchange windows in the same direction',
        windows(euToCn, { ...cnToEu, from: 'EU', to: 'CN' }),
        'exchangeWindows',
      ],
      [
        'grant rules in two currencies',
        { grantRules: { ...structuredClone(DEFAULT_GRANT_RULES), visa: { amountMinor: 90_000, currency: 'CNY' } } },
        'grantRules',
      ],
      ['a single side', { sides: ['EU'] }, 'sides'],
      ['an unknown field', { budget: 1000 }, 'budget'],
    ])('refuses %s with a 400 naming the field, and creates nothing', async (_case, change, field) => {
      const body = { ...valid(), ...change };
      const response = await createCohort(coordinator, body);
      expectInvalid(response, field);
      const found = await listCohorts(coordinator, { search: body.name }).expect(200);
      expect(found.body.total).toBe(0);
    });

    it('says what is wrong with a date: not real, or not written YYYY-MM-DD', async () => {
      const notReal = await createCohort(coordinator, { ...valid(), applicationOpensOn: '2027-02-30' }).expect(400);
      expect(notReal.body.errors).toContainEqual({
        field: 'applicationOpensOn',
        message: 'applicationOpensOn must be a real calendar date',
      });
      const badFormat = await createCohort(coordinator, { ...valid(), applicationOpensOn: '15/01/2027' }).expect(400);
      expect(badFormat.body.errors).toContainEqual({
        field: 'applicationOpensOn',
        message: 'applicationOpensOn must be a date written YYYY-MM-DD',
      });
    });

    it('answers 409 for a second cohort with the same name', async () => {
      const body = valid();
      await createCohort(coordinator, body).expect(201);
      const response = await createCohort(coordinator, { ...body, applicationOpensOn: '2027-01-20' }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/duplicate', status: 409 });
      const found = await listCohorts(coordinator, { search: body.name }).expect(200);
      expect(found.body.total).toBe(1);
    });
  });

  describe('POST /cohorts/:id/transitions', () => {
    it('moves a cohort forward one step at a time to closed, auditing each step', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const steps: CohortStatus[] = ['open', 'matching', 'active', 'closed'];
      for (const to of steps) {
        const response = await transition(coordinator, cohort.id, to).expect(200);
        expect(response.body).toMatchObject({ id: cohort.id, status: to });
      }
      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'cohort', entityId: cohort.id, action: 'cohort.transitioned' })
        .set(as(coordinator))
        .expect(200);
      expect(audit.body.total).toBe(4);
      const moves = audit.body.items.map((event: { changes: { status: { before: string; after: string } } }) => [
        event.changes.status.before,
        event.changes.status.after,
      ]);
      expect(moves).toEqual(
        expect.arrayContaining([
          ['draft', 'open'],
          ['open', 'matching'],
          ['matching', 'active'],
          ['active', 'closed'],
        ]),
      );
    });

    it.each<[CohortStatus, CohortStatus, CohortStatus[]]>([
      ['draft', 'matching', ['open']],
      ['open', 'draft', ['matching']],
      ['open', 'open', ['matching']],
      ['matching', 'open', ['active']],
    ])('refuses %s → %s with 409 naming the allowed next status', async (from, to, allowed) => {
      const cohort = await aCohort(app, { status: from });
      const response = await transition(coordinator, cohort.id, to).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/illegal-transition', status: 409, from, to, allowed });
      expect((await getCohort(coordinator, cohort.id).expect(200)).body.status).toBe(from);
    });

    it('lets a closed cohort go nowhere (409, nothing allowed)', async () => {
      const cohort = await aCohort(app, { status: 'closed' });
      for (const to of ['draft', 'open', 'matching', 'active', 'closed']) {
        const response = await transition(coordinator, cohort.id, to).expect(409);
        expect(response.body).toMatchObject({ type: '/problems/illegal-transition', status: 409, allowed: [] });
      }
      expect((await getCohort(coordinator, cohort.id).expect(200)).body.status).toBe('closed');
    });

    it('answers 400 naming `to` for a status that does not exist', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      expectInvalid(await transition(coordinator, cohort.id, 'archived'), 'to');
      expect((await getCohort(coordinator, cohort.id).expect(200)).body.status).toBe('draft');
    });
  });

  describe('PATCH /cohorts/:id', () => {
    it('changes a cohort that is not closed', async () => {
      const cohort = await aCohort(app, { status: 'active' });
      const response = await app
        .http()
        .patch(`/api/v1/cohorts/${cohort.id}`)
        .set(as(coordinator))
        .send({ description: 'Now with more workshops' })
        .expect(200);
      expect(response.body).toMatchObject({ id: cohort.id, description: 'Now with more workshops' });
    });

    it.each(['sides', 'exchangeWindows'])(
      'answers 400 naming %s when it is set to null, and keeps it',
      async (field) => {
        const cohort = await aCohort(app, { status: 'draft' });
        const before = await getCohort(coordinator, cohort.id).expect(200);
        const response = await app
          .http()
          .patch(`/api/v1/cohorts/${cohort.id}`)
          .set(as(coordinator))
          .send({ [field]: null });
        expectInvalid(response, field);
        const after = await getCohort(coordinator, cohort.id).expect(200);
        expect(after.body[field]).toEqual(before.body[field]);
        expect(after.body[field]).not.toBeNull();
      },
    );

    it('refuses any change to a closed cohort (422)', async () => {
      const cohort = await aCohort(app, { status: 'closed' });
      const response = await app
        .http()
        .patch(`/api/v1/cohorts/${cohort.id}`)
        .set(as(coordinator))
        .send({ description: 'Too late' })
        .expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/cohort-closed', status: 422 });
      expect((await getCohort(coordinator, cohort.id).expect(200)).body.description).toBe('');
    });
  });

  describe('committee and funders', () => {
    it('assigns reviewer accounts and lists them on the cohort', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const reviewer = await aUser(app, { role: 'reviewer', displayName: 'Committee Member' });
      const response = await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [reviewer.id] })
        .expect(200);
      expect(response.body.reviewers).toEqual([{ id: reviewer.id, displayName: 'Committee Member' }]);
      expect((await getCohort(coordinator, cohort.id).expect(200)).body.reviewers).toEqual(response.body.reviewers);
    });

    it('refuses an account that is not a reviewer with 422 naming userIds, keeping the committee as it was', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const reviewer = await aUser(app, { role: 'reviewer' });
      const participant = await aUser(app, { role: 'participant' });
      await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [reviewer.id] })
        .expect(200);
      const response = await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [participant.id] })
        .expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.status).toBe(422);
      expect(response.body.errors).toEqual([{ field: 'userIds', message: expect.stringContaining(participant.id) }]);
      const stored = await getCohort(coordinator, cohort.id).expect(200);
      expect(stored.body.reviewers.map((user: { id: string }) => user.id)).toEqual([reviewer.id]);
    });

    it('assigns funding organisations', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const funder = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
      const response = await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/funders`)
        .set(as(coordinator))
        .send({ organisationIds: [funder.id] })
        .expect(200);
      expect(response.body.funders).toEqual([{ id: funder.id, name: funder.name }]);
    });
  });

  describe('who sees which cohort (§4)', () => {
    it('shows admins and coordinators every cohort, whatever its status', async () => {
      const tag = `All-${unique()}`;
      const byStatus = await oneOfEachStatus(tag);
      const { token: admin } = await app.signIn('admin');
      for (const token of [admin, coordinator]) {
        const list = await listCohorts(token, { search: tag }).expect(200);
        expect(list.body.total).toBe(5);
        expect(ids(list).sort()).toEqual(Object.values(byStatus).sort());
        for (const id of Object.values(byStatus)) await getCohort(token, id).expect(200);
      }
    });

    it('shows a reviewer only the cohorts they are assigned to', async () => {
      const reviewer = await app.signIn('reviewer');
      const assigned = await aCohort(app, { status: 'open' });
      const other = await aCohort(app, { status: 'open' });
      await app
        .http()
        .put(`/api/v1/cohorts/${assigned.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [reviewer.userId] })
        .expect(200);
      const list = await listCohorts(reviewer.token).expect(200);
      expect(list.body.total).toBe(1);
      expect(ids(list)).toEqual([assigned.id]);
      await getCohort(reviewer.token, assigned.id).expect(200);
      const hidden = await getCohort(reviewer.token, other.id).expect(404);
      expect(hidden.headers['content-type']).toMatch(PROBLEM);
      expect(hidden.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it('shows a participant open and active cohorts only, answering 404 for the others', async () => {
      const tag = `Part-${unique()}`;
      const byStatus = await oneOfEachStatus(tag);
      const { token } = await app.signIn('participant');
      const list = await listCohorts(token, { search: tag }).expect(200);
      expect(list.body.total).toBe(2);
      expect(ids(list).sort()).toEqual([byStatus.open, byStatus.active].sort());
      await getCohort(token, byStatus.open).expect(200);
      await getCohort(token, byStatus.active).expect(200);
      for (const status of ['draft', 'matching', 'closed'] as const) {
        const response = await getCohort(token, byStatus[status]).expect(404);
        expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      }
    });

    it('keeps showing a participant the cohort they applied to once it moves on to matching', async () => {
      const participant = await app.signIn('participant');
      const home = await anOrganisation(app, { region: 'EU' });
      const host = await anOrganisation(app, { region: 'CN' });
      await aStaffMember(app, { organisationId: home.id, userId: participant.userId });
      const tag = `Applied-${unique()}`;
      const cohort = await aCohort(app, { status: 'open', name: `${tag} applied` });
      const untouched = await aCohort(app, { status: 'open', name: `${tag} untouched` });
      await app
        .http()
        .post('/api/v1/applications')
        .set(as(participant.token))
        .send({
          cohortId: cohort.id,
          kind: 'single',
          availableFrom: '2027-08-01',
          availableTo: '2027-09-30',
          preferredHostIds: [host.id],
          motivation: 'To learn from the host team.',
          workPlan: 'Four weeks of joint fieldwork.',
        })
        .expect(201);
      await transition(coordinator, cohort.id, 'matching').expect(200);
      await transition(coordinator, untouched.id, 'matching').expect(200);

      const seen = await getCohort(participant.token, cohort.id).expect(200);
      expect(seen.body).toMatchObject({ status: 'matching', applicationCounts: { submitted: 1 } });
      const list = await listCohorts(participant.token, { search: tag }).expect(200);
      expect(ids(list)).toEqual([cohort.id]);
      await getCohort(participant.token, untouched.id).expect(404);
    });

    it('shows a funder only the cohorts its organisation funds', async () => {
      const funderOrg = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
      const otherOrg = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
      const funded = await aCohort(app, { status: 'active' });
      const fundedByOther = await aCohort(app, { status: 'active' });
      const unfunded = await aCohort(app, { status: 'open' });
      await app
        .http()
        .put(`/api/v1/cohorts/${funded.id}/funders`)
        .set(as(coordinator))
        .send({ organisationIds: [funderOrg.id] })
        .expect(200);
      await app
        .http()
        .put(`/api/v1/cohorts/${fundedByOther.id}/funders`)
        .set(as(coordinator))
        .send({ organisationIds: [otherOrg.id] })
        .expect(200);

      const { token } = await app.signIn('funder', { organisationId: funderOrg.id });
      const list = await listCohorts(token).expect(200);
      expect(list.body.total).toBe(1);
      expect(ids(list)).toEqual([funded.id]);
      await getCohort(token, funded.id).expect(200);
      for (const id of [fundedByOther.id, unfunded.id]) {
        const response = await getCohort(token, id).expect(404);
        expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      }
    });

    it('shows the committee to coordinators and assigned reviewers, not to participants or funders', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const reviewer = await app.signIn('reviewer');
      const funderOrg = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
      await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [reviewer.userId] })
        .expect(200);
      await app
        .http()
        .put(`/api/v1/cohorts/${cohort.id}/funders`)
        .set(as(coordinator))
        .send({ organisationIds: [funderOrg.id] })
        .expect(200);
      const committee = [{ id: reviewer.userId, displayName: expect.any(String) }];

      for (const token of [coordinator, reviewer.token]) {
        const response = await getCohort(token, cohort.id).expect(200);
        expect(response.body.reviewers).toEqual(committee);
      }
      const participant = await app.signIn('participant');
      const funder = await app.signIn('funder', { organisationId: funderOrg.id });
      for (const token of [participant.token, funder.token]) {
        const response = await getCohort(token, cohort.id).expect(200);
        expect(response.body).toMatchObject({ id: cohort.id });
        expect(response.body).not.toHaveProperty('reviewers');
        expect(response.text).not.toContain(reviewer.userId);
      }
    });

    it('refuses reviewers, participants and funders every write (403), leaving the cohort as it was', async () => {
      const cohort = await aCohort(app, { status: 'draft' });
      const reviewerAccount = await aUser(app, { role: 'reviewer' });
      const organisation = await anOrganisation(app);
      for (const role of ['reviewer', 'participant', 'funder'] as const) {
        const { token } = await app.signIn(role);
        const attempts = [
          createCohort(token, {
            name: `Cohort ${unique()}`,
            applicationOpensOn: '2027-01-15',
            applicationClosesOn: '2027-03-31',
          }),
          app.http().patch(`/api/v1/cohorts/${cohort.id}`).set(as(token)).send({ description: 'mine' }),
          transition(token, cohort.id, 'open'),
          app
            .http()
            .put(`/api/v1/cohorts/${cohort.id}/reviewers`)
            .set(as(token))
            .send({ userIds: [reviewerAccount.id] }),
          app
            .http()
            .put(`/api/v1/cohorts/${cohort.id}/funders`)
            .set(as(token))
            .send({ organisationIds: [organisation.id] }),
        ];
        for (const attempt of attempts) {
          const response = await attempt;
          expect(response.status).toBe(403);
          expect(response.headers['content-type']).toMatch(PROBLEM);
          expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
        }
      }
      const stored = await getCohort(coordinator, cohort.id).expect(200);
      expect(stored.body).toMatchObject({ status: 'draft', description: '', reviewers: [], funders: [] });
    });
  });

  describe('GET /cohorts', () => {
    it('filters by status and by part of the name', async () => {
      const tag = `Filter-${unique()}`;
      const byStatus = await oneOfEachStatus(tag);
      const open = await listCohorts(coordinator, { search: tag, status: 'open' }).expect(200);
      expect(open.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(ids(open)).toEqual([byStatus.open]);
      const byName = await listCohorts(coordinator, { search: `${tag.toLowerCase()} MATCH` }).expect(200);
      expect(ids(byName)).toEqual([byStatus.matching]);
    });

    it('sorts by name both ways', async () => {
      const tag = `Sort-${unique()}`;
      const [b, a, c] = [
        await aCohort(app, { name: `${tag} Bravo` }),
        await aCohort(app, { name: `${tag} Alpha` }),
        await aCohort(app, { name: `${tag} Charlie` }),
      ];
      const ascending = await listCohorts(coordinator, { search: tag, sort: 'name' }).expect(200);
      expect(ids(ascending)).toEqual([a.id, b.id, c.id]);
      const descending = await listCohorts(coordinator, { search: tag, sort: '-name' }).expect(200);
      expect(ids(descending)).toEqual([c.id, b.id, a.id]);
    });

    it('answers 400 naming the parameter for an unknown sort field or a page size above 100', async () => {
      expectInvalid(await listCohorts(coordinator, { sort: 'budget' }), 'sort');
      expectInvalid(await listCohorts(coordinator, { pageSize: 1000 }), 'pageSize');
    });
  });

  it('counts the applications of a cohort per status', async () => {
    const organisation = await anOrganisation(app, { region: 'EU' });
    const host = await anOrganisation(app, { region: 'CN' });
    const cohort = await aCohort(app, { status: 'open' });
    const [first, second] = [
      await aStaffMember(app, { organisationId: organisation.id }),
      await aStaffMember(app, { organisationId: organisation.id }),
    ];
    await anApplication(app, { cohortId: cohort.id, staffId: first.id, preferredHostIds: [host.id] });
    const accepted = await anApplication(app, { cohortId: cohort.id, staffId: second.id, preferredHostIds: [host.id] });
    await app
      .http()
      .post(`/api/v1/applications/${accepted.id}/transitions`)
      .set(as(coordinator))
      .send({ to: 'accepted' })
      .expect(200);
    const response = await getCohort(coordinator, cohort.id).expect(200);
    expect(response.body.applicationCounts).toEqual({ submitted: 1, accepted: 1, rejected: 0, withdrawn: 0 });
  });
});
