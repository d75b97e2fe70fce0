import { randomUUID } from 'node:crypto';
import { Cohort } from '../src/cohorts/cohort.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { aCohort, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem, fieldsOf, idsOf as ids } from './support/http';
import { TestApp } from './support/test-app';

describe('Joint projects (HTTP)', () => {
  let app: TestApp;
  let coordinator: { token: string; userId: string };
  let eu: Organisation;
  let eu2: Organisation;
  let cn: Organisation;
  let cn2: Organisation;
  let us: Organisation;
  let cohort: Cohort;
  let otherCohort: Cohort;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.signIn('coordinator');
    eu = await anOrganisation(app, { region: 'EU', name: 'Berlin River Trust' });
    eu2 = await anOrganisation(app, { region: 'EU', name: 'Amsterdam Delta Lab' });
    cn = await anOrganisation(app, { region: 'CN', name: 'Chengdu Water Alliance' });
    cn2 = await anOrganisation(app, { region: 'CN', name: 'Yunnan Green Roots' });
    us = await anOrganisation(app, { region: 'US', name: 'Oregon Watershed Council' });
    cohort = await aCohort(app, { status: 'active' });
    otherCohort = await aCohort(app, { status: 'active' });
  });

  afterAll(() => app.close());

  const body = (overrides: object = {}) => ({
    cohortId: cohort.id,
    title: 'Community water monitoring',
    summary: 'Volunteers from both partners train village monitors and publish the data together.',
    thematicAreas: ['water_resources', 'environment_protection'],
    partnerOrganisationIds: [eu.id, cn.id],
    ...overrides,
  });

  const create = (token: string, payload: object) =>
    app.http().post('/api/v1/joint-projects').set(as(token)).send(payload);
  const getProject = (token: string, id: string) => app.http().get(`/api/v1/joint-projects/${id}`).set(as(token));
  const patch = (token: string, id: string, payload: object) =>
    app.http().patch(`/api/v1/joint-projects/${id}`).set(as(token)).send(payload);
  const transition = (token: string, id: string, to: string) =>
    app.http().post(`/api/v1/joint-projects/${id}/transitions`).set(as(token)).send({ to });
  const list = (token: string, query: Record<string, string | number> = {}) =>
    app.http().get('/api/v1/joint-projects').query(query).set(as(token));
  const addMilestone = (token: string, id: string, payload: object) =>
    app.http().post(`/api/v1/joint-projects/${id}/milestones`).set(as(token)).send(payload);
  const patchMilestone = (token: string, id: string, milestoneId: string, payload: object) =>
    app.http().patch(`/api/v1/joint-projects/${id}/milestones/${milestoneId}`).set(as(token)).send(payload);
  const deleteMilestone = (token: string, id: string, milestoneId: string) =>
    app.http().delete(`/api/v1/joint-projects/${id}/milestones/${milestoneId}`).set(as(token));

  /** A project made by the coordinator through the API. */
  const aProject = async (overrides: object = {}) =>
    (await create(coordinator.token, body(overrides)).expect(201)).body as { id: string; status: string };

  /** A placement of `cohortId`, written straight to the table (its lifecycle is not under test here). */
  async function aPlacement(cohortId: string): Promise<string> {
    const staff = await aStaffMember(app, { organisationId: eu.id });
    const [row] = await app.dataSource.query(
      `INSERT INTO placements (cohort_id, staff_id, host_organisation_id, starts_on, ends_on)
       VALUES ($1, $2, $3, '2027-08-01', '2027-09-15') RETURNING id`,
      [cohortId, staff.id, cn.id],
    );
    return row.id as string;
  }

  const auditOf = (entityId: string) =>
    app.dataSource.query(
      `SELECT actor_id, action, entity_type, changes FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, action`,
      [entityId],
    ) as Promise<
      Array<{
        actor_id: string;
        action: string;
        entity_type: string;
        changes: Record<string, { before: unknown; after: unknown }>;
      }>
    >;

  describe('POST /joint-projects', () => {
    it('records an idea with partners from both sides, placements, budget and dates', async () => {
      const placementId = await aPlacement(cohort.id);
      const response = await create(
        coordinator.token,
        body({
          partnerOrganisationIds: [cn.id, eu.id, eu2.id],
          placementIds: [placementId],
          budget: { amountMinor: 2_500_000, currency: 'EUR' },
          fundingSource: 'EU Delegation small grants',
          startsOn: '2028-01-01',
          endsOn: '2028-12-31',
          peopleReached: 0,
        }),
      ).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        cohortId: cohort.id,
        title: 'Community water monitoring',
        summary: expect.any(String),
        thematicAreas: ['water_resources', 'environment_protection'],
        partners: [
          { id: cn.id, name: cn.name, region: 'CN' },
          { id: eu2.id, name: eu2.name, region: 'EU' },
          { id: eu.id, name: eu.name, region: 'EU' },
        ],
        placementIds: [placementId],
        budget: { amountMinor: 2_500_000, currency: 'EUR' },
        fundingSource: 'EU Delegation small grants',
        status: 'idea',
        startsOn: '2028-01-01',
        endsOn: '2028-12-31',
        peopleReached: 0,
        milestones: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const again = await getProject(coordinator.token, response.body.id).expect(200);
      expect(again.body).toEqual(response.body);
    });

    it('takes a project without budget, dates or placements', async () => {
      const response = await create(coordinator.token, body({ budget: null, fundingSource: null })).expect(201);
      expect(response.body).toMatchObject({
        budget: null,
        fundingSource: null,
        startsOn: null,
        endsOn: null,
        peopleReached: null,
        placementIds: [],
      });
    });

    it('creates one project for one Idempotency-Key', async () => {
      const key = randomUUID();
      const payload = body({ title: `Idempotent ${key}` });
      const first = await create(coordinator.token, payload).set('Idempotency-Key', key).expect(201);
      const second = await create(coordinator.token, payload).set('Idempotency-Key', key).expect(201);
      expect(second.body.id).toBe(first.body.id);
      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM joint_projects WHERE title = $1`,
        [payload.title],
      );
      expect(count).toBe(1);
    });

    describe('partners', () => {
      it('refuses fewer than two (400)', async () => {
        expectInvalid(
          await create(coordinator.token, body({ partnerOrganisationIds: [eu.id] })),
          'partnerOrganisationIds',
        );
        expectInvalid(await create(coordinator.token, body({ partnerOrganisationIds: [] })), 'partnerOrganisationIds');
      });

      it('refuses the same organisation twice and ids that are not UUIDs (400)', async () => {
        expectInvalid(
          await create(coordinator.token, body({ partnerOrganisationIds: [eu.id, eu.id] })),
          'partnerOrganisationIds',
        );
        expectInvalid(
          await create(coordinator.token, body({ partnerOrganisationIds: [eu.id, 'not-a-uuid'] })),
          'partnerOrganisationIds',
        );
      });

      it('refuses partners from one side only (422 naming the missing side)', async () => {
        const response = await create(coordinator.token, body({ partnerOrganisationIds: [eu.id, eu2.id] }));
        expectProblem(response, 422, '/problems/partners-not-eligible');
        expect(response.body.errors).toEqual([
          { field: 'partnerOrganisationIds', message: 'needs at least one partner from CN' },
        ]);
        expectProblem(
          await create(coordinator.token, body({ partnerOrganisationIds: [cn.id, cn2.id] })),
          422,
          '/problems/partners-not-eligible',
        );
      });

      it('refuses a partner from neither side of the cohort (422)', async () => {
        const response = await create(coordinator.token, body({ partnerOrganisationIds: [eu.id, cn.id, us.id] }));
        expectProblem(response, 422, '/problems/partners-not-eligible');
        expect(fieldsOf(response.body)).toEqual(['partnerOrganisationIds']);
        expect(response.body.errors[0].message).toContain(us.id);
      });

      it('refuses an unknown organisation (422 naming partnerOrganisationIds)', async () => {
        const unknown = randomUUID();
        const response = await create(coordinator.token, body({ partnerOrganisationIds: [eu.id, unknown] }));
        expectProblem(response, 422, '/problems/unknown-reference');
        expect(response.body.errors).toEqual([
          { field: 'partnerOrganisationIds', message: expect.stringContaining(unknown) },
        ]);
      });
    });

    it('refuses an unknown cohort (422 naming cohortId)', async () => {
      const response = await create(coordinator.token, body({ cohortId: randomUUID() }));
      expectProblem(response, 422, '/problems/unknown-reference');
      expect(fieldsOf(response.body)).toEqual(['cohortId']);
    });

    it('refuses placements of another cohort, and unknown ones (422 naming placementIds)', async () => {
      const foreign = await aPlacement(otherCohort.id);
      const response = await create(coordinator.token, body({ placementIds: [foreign] }));
      expectProblem(response, 422, '/problems/placement-not-in-cohort');
      expect(fieldsOf(response.body)).toEqual(['placementIds']);
      const unknown = await create(coordinator.token, body({ placementIds: [randomUUID()] }));
      expectProblem(unknown, 422, '/problems/unknown-reference');
      expect(fieldsOf(unknown.body)).toEqual(['placementIds']);
    });

    describe('money', () => {
      it.each([
        ['a negative amount', { amountMinor: -1, currency: 'EUR' }, 'budget.amountMinor'],
        ['a float amount', { amountMinor: 12.5, currency: 'EUR' }, 'budget.amountMinor'],
        ['an amount as a string', { amountMinor: '100', currency: 'EUR' }, 'budget.amountMinor'],
        ['an unknown currency', { amountMinor: 100, currency: 'EURO' }, 'budget.currency'],
        ['a missing currency', { amountMinor: 100 }, 'budget.currency'],
        ['an unknown field', { amountMinor: 100, currency: 'EUR', cents: true }, 'budget.cents'],
        ['a lower-case currency', { amountMinor: 100, currency: 'eur' }, 'budget.currency'],
      ])('refuses %s (400)', async (_case, budget, field) => {
        expectInvalid(await create(coordinator.token, body({ budget })), field);
      });

      it('keeps the money as sent: integer minor units and the currency code', async () => {
        const response = await create(coordinator.token, body({ budget: { amountMinor: 100, currency: 'CNY' } }));
        expect(response.status).toBe(201);
        expect(response.body.budget).toEqual({ amountMinor: 100, currency: 'CNY' });
      });

      it('refuses a budget that is not an object (400)', async () => {
        expectInvalid(await create(coordinator.token, body({ budget: 100 })), 'budget');
        expectInvalid(await create(coordinator.token, body({ budget: [] })), 'budget');
      });
    });

    it('refuses malformed fields, unknown fields and dates out of order (400)', async () => {
      expectInvalid(await create(coordinator.token, body({ title: '' })), 'title');
      expectInvalid(await create(coordinator.token, body({ thematicAreas: ['astrology'] })), 'thematicAreas');
      expectInvalid(await create(coordinator.token, body({ thematicAreas: [] })), 'thematicAreas');
      expectInvalid(await create(coordinator.token, body({ peopleReached: -5 })), 'peopleReached');
      expectInvalid(await create(coordinator.token, body({ peopleReached: 2.5 })), 'peopleReached');
      expectInvalid(await create(coordinator.token, body({ startsOn: '2028-02-30' })), 'startsOn');
      expectInvalid(await create(coordinator.token, body({ placementIds: null })), 'placementIds');
      expectInvalid(await create(coordinator.token, body({ status: 'active' })), 'status');
      expectInvalid(await create(coordinator.token, body({ startsOn: '2028-06-01', endsOn: '2028-05-31' })), 'endsOn');
    });
  });

  describe('PATCH /joint-projects/:id', () => {
    it('changes fields, replaces partners and placements, and clears the budget with null', async () => {
      const [first, second] = [await aPlacement(cohort.id), await aPlacement(cohort.id)];
      const project = await aProject({
        placementIds: [first],
        budget: { amountMinor: 100_000, currency: 'EUR' },
        fundingSource: 'Own funds',
      });
      const changed = await patch(coordinator.token, project.id, {
        title: '  River data for villages  ',
        partnerOrganisationIds: [eu2.id, cn2.id],
        placementIds: [second],
        budget: { amountMinor: 50_000, currency: 'CNY' },
        peopleReached: 350,
      }).expect(200);
      expect(changed.body).toMatchObject({
        title: 'River data for villages',
        partners: [
          { id: cn2.id, region: 'CN' },
          { id: eu2.id, region: 'EU' },
        ],
        placementIds: [second],
        budget: { amountMinor: 50_000, currency: 'CNY' },
        fundingSource: 'Own funds',
        peopleReached: 350,
      });
      const cleared = await patch(coordinator.token, project.id, {
        budget: null,
        fundingSource: null,
        placementIds: [],
      }).expect(200);
      expect(cleared.body).toMatchObject({ budget: null, fundingSource: null, placementIds: [], peopleReached: 350 });
      expect(new Date(cleared.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(changed.body.updatedAt).getTime(),
      );
    });

    it('refuses partners of one side only, and leaves the project as it was', async () => {
      const project = await aProject();
      expectProblem(
        await patch(coordinator.token, project.id, { partnerOrganisationIds: [cn.id, cn2.id] }),
        422,
        '/problems/partners-not-eligible',
      );
      expectInvalid(
        await patch(coordinator.token, project.id, { partnerOrganisationIds: [cn.id] }),
        'partnerOrganisationIds',
      );
      const unchanged = await getProject(coordinator.token, project.id).expect(200);
      expect(unchanged.body.partners.map((partner: { id: string }) => partner.id).sort()).toEqual(
        [eu.id, cn.id].sort(),
      );
    });

    it('refuses null for a field that cannot be empty, and an end before the start already set (400)', async () => {
      const project = await aProject({ startsOn: '2028-03-01' });
      expectInvalid(await patch(coordinator.token, project.id, { title: null }), 'title');
      expectInvalid(
        await patch(coordinator.token, project.id, { partnerOrganisationIds: null }),
        'partnerOrganisationIds',
      );
      expectInvalid(await patch(coordinator.token, project.id, { cohortId: otherCohort.id }), 'cohortId');
      expectInvalid(await patch(coordinator.token, project.id, { endsOn: '2028-02-28' }), 'endsOn');
      await patch(coordinator.token, project.id, { endsOn: '2028-03-01' }).expect(200);
    });

    it('answers 404 for an unknown project and 400 for an id that is not a UUID', async () => {
      expectProblem(await patch(coordinator.token, randomUUID(), { title: 'x' }), 404, '/problems/not-found');
      expectInvalid(await patch(coordinator.token, 'nope', { title: 'x' }), 'id');
    });
  });

  describe('GET /joint-projects', () => {
    let listCohort: Cohort;
    const made: Record<string, string> = {};

    beforeAll(async () => {
      listCohort = await aCohort(app, { status: 'active' });
      const inCohort = (overrides: object) => aProject({ cohortId: listCohort.id, ...overrides });
      made.bravo = (await inCohort({ title: 'Bravo', partnerOrganisationIds: [eu.id, cn.id] })).id;
      made.alpha = (await inCohort({ title: 'Alpha', partnerOrganisationIds: [eu2.id, cn.id] })).id;
      made.charlie = (await inCohort({ title: 'Charlie', partnerOrganisationIds: [eu2.id, cn2.id] })).id;
      await transition(coordinator.token, made.charlie, 'proposed').expect(200);
      await transition(coordinator.token, made.alpha, 'dropped').expect(200);
    });

    it('filters by cohort and sorts by title either way', async () => {
      const ascending = await list(coordinator.token, { cohortId: listCohort.id, sort: 'title' }).expect(200);
      expect(ids(ascending)).toEqual([made.alpha, made.bravo, made.charlie]);
      expect(ascending.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      const descending = await list(coordinator.token, { cohortId: listCohort.id, sort: '-title' }).expect(200);
      expect(ids(descending)).toEqual([made.charlie, made.bravo, made.alpha]);
    });

    it('sorts by status in lifecycle order, and by creation (newest first by default)', async () => {
      const byStatus = await list(coordinator.token, { cohortId: listCohort.id, sort: 'status' }).expect(200);
      expect(ids(byStatus)).toEqual([made.bravo, made.charlie, made.alpha]);
      const newest = await list(coordinator.token, { cohortId: listCohort.id }).expect(200);
      expect(ids(newest)).toEqual([made.charlie, made.alpha, made.bravo]);
      const oldest = await list(coordinator.token, { cohortId: listCohort.id, sort: 'createdAt' }).expect(200);
      expect(ids(oldest)).toEqual([made.bravo, made.alpha, made.charlie]);
    });

    it('filters by status and by partner organisation', async () => {
      const proposed = await list(coordinator.token, { cohortId: listCohort.id, status: 'proposed' }).expect(200);
      expect(ids(proposed)).toEqual([made.charlie]);
      const ofEu2 = await list(coordinator.token, {
        cohortId: listCohort.id,
        organisationId: eu2.id,
        sort: 'title',
      }).expect(200);
      expect(ids(ofEu2)).toEqual([made.alpha, made.charlie]);
      expect(ofEu2.body.total).toBe(2);
    });

    it('pages, counting every match', async () => {
      const second = await list(coordinator.token, {
        cohortId: listCohort.id,
        sort: 'title',
        page: 2,
        pageSize: 2,
      }).expect(200);
      expect(ids(second)).toEqual([made.charlie]);
      expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    });

    it('refuses undocumented sorts and filters (400)', async () => {
      expectInvalid(await list(coordinator.token, { sort: 'budget' }), 'sort');
      expectInvalid(await list(coordinator.token, { status: 'paused' }), 'status');
      expectInvalid(await list(coordinator.token, { organisationId: 'x' }), 'organisationId');
      expectInvalid(await list(coordinator.token, { pageSize: 101 }), 'pageSize');
      expectInvalid(await list(coordinator.token, { region: 'EU' }), 'region');
    });
  });

  describe('POST /joint-projects/:id/transitions', () => {
    it('walks idea → proposed → funded → active → completed, writing an audit event each time', async () => {
      const project = await aProject();
      for (const to of ['proposed', 'funded', 'active', 'completed']) {
        const response = await transition(coordinator.token, project.id, to).expect(200);
        expect(response.body.status).toBe(to);
      }
      const events = (await auditOf(project.id)).filter((event) => event.action === 'joint_project.transitioned');
      expect(events.map((event) => event.changes.status)).toEqual([
        { before: 'idea', after: 'proposed' },
        { before: 'proposed', after: 'funded' },
        { before: 'funded', after: 'active' },
        { before: 'active', after: 'completed' },
      ]);
    });

    it.each([['idea'], ['proposed'], ['funded'], ['active']])('drops a project that is %s', async (status) => {
      const project = await aProject();
      const path = ['proposed', 'funded', 'active'];
      for (const to of path.slice(0, path.indexOf(status) + 1)) {
        await transition(coordinator.token, project.id, to).expect(200);
      }
      expect((await transition(coordinator.token, project.id, 'dropped').expect(200)).body.status).toBe('dropped');
    });

    it('refuses skipping, going back and staying put (409 naming the allowed moves)', async () => {
      const project = await aProject();
      const skip = await transition(coordinator.token, project.id, 'funded');
      expectProblem(skip, 409, '/problems/illegal-transition');
      expect(skip.body).toMatchObject({ from: 'idea', to: 'funded', allowed: ['proposed', 'dropped'] });
      expectProblem(await transition(coordinator.token, project.id, 'idea'), 409, '/problems/illegal-transition');
      await transition(coordinator.token, project.id, 'proposed').expect(200);
      const back = await transition(coordinator.token, project.id, 'idea');
      expectProblem(back, 409, '/problems/illegal-transition');
      expect(back.body.allowed).toEqual(['funded', 'dropped']);
    });

    it('leaves completed and dropped projects where they are (409, nothing allowed)', async () => {
      const completed = await aProject();
      for (const to of ['proposed', 'funded', 'active', 'completed']) {
        await transition(coordinator.token, completed.id, to).expect(200);
      }
      const fromCompleted = await transition(coordinator.token, completed.id, 'dropped');
      expectProblem(fromCompleted, 409, '/problems/illegal-transition');
      expect(fromCompleted.body.allowed).toEqual([]);

      const dropped = await aProject();
      await transition(coordinator.token, dropped.id, 'dropped').expect(200);
      for (const to of ['idea', 'proposed', 'completed', 'dropped']) {
        const response = await transition(coordinator.token, dropped.id, to);
        expectProblem(response, 409, '/problems/illegal-transition');
        expect(response.body.allowed).toEqual([]);
      }
    });

    it('refuses an unknown status (400) and an unknown project (404)', async () => {
      const project = await aProject();
      expectInvalid(await transition(coordinator.token, project.id, 'paused'), 'to');
      expectProblem(await transition(coordinator.token, randomUUID(), 'proposed'), 404, '/problems/not-found');
    });

    it('keeps a completed project editable for its final figures, and a dropped one closed', async () => {
      const completed = await aProject();
      for (const to of ['proposed', 'funded', 'active', 'completed']) {
        await transition(coordinator.token, completed.id, to).expect(200);
      }
      await patch(coordinator.token, completed.id, { peopleReached: 1200 }).expect(200);

      const dropped = await aProject();
      const milestone = await addMilestone(coordinator.token, dropped.id, {
        title: 'Kick-off',
        dueOn: '2028-01-10',
      }).expect(201);
      await transition(coordinator.token, dropped.id, 'dropped').expect(200);
      expectProblem(await patch(coordinator.token, dropped.id, { title: 'x' }), 422, '/problems/joint-project-dropped');
      expectProblem(
        await addMilestone(coordinator.token, dropped.id, { title: 'Later', dueOn: '2028-02-01' }),
        422,
        '/problems/joint-project-dropped',
      );
      expectProblem(
        await patchMilestone(coordinator.token, dropped.id, milestone.body.id, { title: 'Renamed' }),
        422,
        '/problems/joint-project-dropped',
      );
      expectProblem(
        await deleteMilestone(coordinator.token, dropped.id, milestone.body.id),
        422,
        '/problems/joint-project-dropped',
      );
    });
  });

  describe('milestones', () => {
    const dated = () => aProject({ startsOn: '2028-01-01', endsOn: '2028-12-31' });

    it('adds, renames, moves, marks done, opens again and removes a milestone', async () => {
      const project = await dated();
      const created = await addMilestone(coordinator.token, project.id, {
        title: 'Train village monitors',
        dueOn: '2028-04-30',
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        jointProjectId: project.id,
        title: 'Train village monitors',
        dueOn: '2028-04-30',
        doneOn: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const milestoneId = created.body.id as string;
      await addMilestone(coordinator.token, project.id, { title: 'Sign agreement', dueOn: '2028-01-15' }).expect(201);

      const renamed = await patchMilestone(coordinator.token, project.id, milestoneId, {
        title: 'Train monitors',
      }).expect(200);
      expect(renamed.body).toMatchObject({ title: 'Train monitors', dueOn: '2028-04-30', doneOn: null });
      const moved = await patchMilestone(coordinator.token, project.id, milestoneId, { dueOn: '2028-05-31' }).expect(
        200,
      );
      expect(moved.body.dueOn).toBe('2028-05-31');
      const done = await patchMilestone(coordinator.token, project.id, milestoneId, { doneOn: '2024-05-20' }).expect(
        200,
      );
      expect(done.body.doneOn).toBe('2024-05-20');

      const withMilestones = await getProject(coordinator.token, project.id).expect(200);
      expect(withMilestones.body.milestones.map((m: { title: string }) => m.title)).toEqual([
        'Sign agreement',
        'Train monitors',
      ]);
      expect(withMilestones.body.milestones[1]).toMatchObject({ id: milestoneId, doneOn: '2024-05-20' });

      const reopened = await patchMilestone(coordinator.token, project.id, milestoneId, { doneOn: null }).expect(200);
      expect(reopened.body.doneOn).toBeNull();

      await deleteMilestone(coordinator.token, project.id, milestoneId).expect(204);
      expectProblem(
        await patchMilestone(coordinator.token, project.id, milestoneId, { title: 'Gone' }),
        404,
        '/problems/not-found',
      );
      expectProblem(await deleteMilestone(coordinator.token, project.id, milestoneId), 404, '/problems/not-found');
      const after = await getProject(coordinator.token, project.id).expect(200);
      expect(after.body.milestones.map((m: { title: string }) => m.title)).toEqual(['Sign agreement']);
    });

    it("refuses a due date outside the project's dates (422 naming dueOn), on adding and on moving", async () => {
      const project = await dated();
      for (const dueOn of ['2027-12-31', '2029-01-01']) {
        const response = await addMilestone(coordinator.token, project.id, { title: 'Outside', dueOn });
        expectProblem(response, 422, '/problems/milestone-outside-project');
        expect(fieldsOf(response.body)).toEqual(['dueOn']);
      }
      await addMilestone(coordinator.token, project.id, { title: 'First day', dueOn: '2028-01-01' }).expect(201);
      const last = await addMilestone(coordinator.token, project.id, { title: 'Last day', dueOn: '2028-12-31' }).expect(
        201,
      );
      expectProblem(
        await patchMilestone(coordinator.token, project.id, last.body.id, { dueOn: '2029-01-01' }),
        422,
        '/problems/milestone-outside-project',
      );
    });

    it('takes any due date while the project has no dates', async () => {
      const project = await aProject();
      await addMilestone(coordinator.token, project.id, { title: 'Whenever', dueOn: '2031-06-30' }).expect(201);
    });

    it('refuses project dates that would leave a milestone outside (422 naming the date)', async () => {
      const project = await dated();
      await addMilestone(coordinator.token, project.id, { title: 'Spring', dueOn: '2028-04-01' }).expect(201);
      const response = await patch(coordinator.token, project.id, { endsOn: '2028-03-31' });
      expectProblem(response, 422, '/problems/milestones-outside-project');
      expect(fieldsOf(response.body)).toEqual(['endsOn']);
      const start = await patch(coordinator.token, project.id, { startsOn: '2028-05-01', endsOn: '2028-12-31' });
      expectProblem(start, 422, '/problems/milestones-outside-project');
      expect(fieldsOf(start.body)).toEqual(['startsOn']);
      await patch(coordinator.token, project.id, { startsOn: '2028-04-01', endsOn: '2028-04-01' }).expect(200);
    });

    it('refuses a done date in the future (422 naming doneOn), and malformed input (400)', async () => {
      const project = await aProject();
      const future = await addMilestone(coordinator.token, project.id, {
        title: 'Too early',
        dueOn: '2028-01-10',
        doneOn: '2999-01-01',
      });
      expectProblem(future, 422, '/problems/milestone-done-in-future');
      expect(fieldsOf(future.body)).toEqual(['doneOn']);
      const created = await addMilestone(coordinator.token, project.id, {
        title: 'Done already',
        dueOn: '2028-01-10',
        doneOn: new Date().toISOString().slice(0, 10),
      }).expect(201);
      expectProblem(
        await patchMilestone(coordinator.token, project.id, created.body.id, { doneOn: '2999-01-01' }),
        422,
        '/problems/milestone-done-in-future',
      );
      expectInvalid(await addMilestone(coordinator.token, project.id, { title: 'No date' }), 'dueOn');
      expectInvalid(
        await addMilestone(coordinator.token, project.id, { title: 'Bad date', dueOn: '10/01/2028' }),
        'dueOn',
      );
      expectInvalid(await addMilestone(coordinator.token, project.id, { title: '', dueOn: '2028-01-10' }), 'title');
      expectInvalid(await patchMilestone(coordinator.token, project.id, created.body.id, { dueOn: null }), 'dueOn');
      expectInvalid(await patchMilestone(coordinator.token, project.id, created.body.id, { done: true }), 'done');
    });

    it("answers 404 for another project's milestone and for an unknown project", async () => {
      const [one, other] = [await aProject(), await aProject()];
      const milestone = await addMilestone(coordinator.token, one.id, { title: 'Mine', dueOn: '2028-01-10' }).expect(
        201,
      );
      expectProblem(
        await patchMilestone(coordinator.token, other.id, milestone.body.id, { title: 'Stolen' }),
        404,
        '/problems/not-found',
      );
      expectProblem(await deleteMilestone(coordinator.token, other.id, milestone.body.id), 404, '/problems/not-found');
      expectProblem(
        await addMilestone(coordinator.token, randomUUID(), { title: 'Nowhere', dueOn: '2028-01-10' }),
        404,
        '/problems/not-found',
      );
      expectInvalid(await deleteMilestone(coordinator.token, one.id, 'nope'), 'milestoneId');
    });
  });

  describe('access (§4)', () => {
    let project: { id: string };
    let milestoneId: string;
    let partnerParticipant: { token: string };
    let strangerParticipant: { token: string };
    let funder: { token: string };
    let otherFunder: { token: string };
    let reviewer: { token: string };
    let admin: { token: string };

    beforeAll(async () => {
      const funderOrganisation = await anOrganisation(app, { region: 'EU', type: 'funder', hostingCapacity: 0 });
      const otherFunderOrganisation = await anOrganisation(app, { region: 'EU', type: 'funder', hostingCapacity: 0 });
      const funded = await aCohort(app, { status: 'active' });
      await app
        .http()
        .put(`/api/v1/cohorts/${funded.id}/funders`)
        .set(as(coordinator.token))
        .send({ organisationIds: [funderOrganisation.id] })
        .expect(200);
      const cnPartner = await anOrganisation(app, { region: 'CN' });
      const euOutsider = await anOrganisation(app, { region: 'EU' });
      project = await aProject({ cohortId: funded.id, partnerOrganisationIds: [eu.id, cnPartner.id] });
      milestoneId = (
        await addMilestone(coordinator.token, project.id, { title: 'Kick-off', dueOn: '2028-01-10' }).expect(201)
      ).body.id;

      const participantAt = async (organisationId: string) => {
        const session = await app.signIn('participant');
        await aStaffMember(app, { organisationId, userId: session.userId });
        return session;
      };
      partnerParticipant = await participantAt(cnPartner.id);
      strangerParticipant = await participantAt(euOutsider.id);
      funder = await app.signIn('funder', { organisationId: funderOrganisation.id });
      otherFunder = await app.signIn('funder', { organisationId: otherFunderOrganisation.id });
      reviewer = await app.signIn('reviewer');
      admin = await app.signIn('admin');
    });

    it('lets admins do everything', async () => {
      await getProject(admin.token, project.id).expect(200);
      await patch(admin.token, project.id, { fundingSource: 'Foundation grant' }).expect(200);
      expect(ids(await list(admin.token, { organisationId: eu.id }).expect(200))).toContain(project.id);
    });

    it("lets a participant of a partner organisation read the project, and no one else's", async () => {
      const read = await getProject(partnerParticipant.token, project.id).expect(200);
      expect(read.body.milestones).toHaveLength(1);
      expect(ids(await list(partnerParticipant.token).expect(200))).toEqual([project.id]);
      expectProblem(await getProject(strangerParticipant.token, project.id), 404, '/problems/not-found');
      const none = await list(strangerParticipant.token).expect(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });
    });

    it('lets a funder read the projects of the cohorts it funds, and no others', async () => {
      await getProject(funder.token, project.id).expect(200);
      const funded = await list(funder.token).expect(200);
      expect(ids(funded)).toEqual([project.id]);
      expect(funded.body.total).toBe(1);
      expectProblem(await getProject(otherFunder.token, project.id), 404, '/problems/not-found');
      expect((await list(otherFunder.token).expect(200)).body.total).toBe(0);
    });

    it('refuses every write to participants and funders (403), even on a project they read', async () => {
      for (const token of [partnerParticipant.token, funder.token]) {
        expectProblem(await create(token, body()), 403, '/problems/forbidden');
        expectProblem(await patch(token, project.id, { title: 'Mine now' }), 403, '/problems/forbidden');
        expectProblem(await transition(token, project.id, 'proposed'), 403, '/problems/forbidden');
        expectProblem(
          await addMilestone(token, project.id, { title: 'Sneaky', dueOn: '2028-01-10' }),
          403,
          '/problems/forbidden',
        );
        expectProblem(
          await patchMilestone(token, project.id, milestoneId, { doneOn: '2024-01-01' }),
          403,
          '/problems/forbidden',
        );
        expectProblem(await deleteMilestone(token, project.id, milestoneId), 403, '/problems/forbidden');
      }
      expect((await getProject(coordinator.token, project.id).expect(200)).body).toMatchObject({
        status: 'idea',
        milestones: [{ id: milestoneId, doneOn: null }],
      });
    });

    it('refuses reviewers everything (403)', async () => {
      expectProblem(await list(reviewer.token), 403, '/problems/forbidden');
      expectProblem(await getProject(reviewer.token, project.id), 403, '/problems/forbidden');
      expectProblem(await create(reviewer.token, body()), 403, '/problems/forbidden');
    });

    it('refuses anonymous callers (401)', async () => {
      expect((await app.http().get(`/api/v1/joint-projects/${project.id}`)).status).toBe(401);
    });
  });

  describe('audit trail', () => {
    it('records creation, each change with before and after, transitions and milestone changes', async () => {
      const project = await aProject({ budget: { amountMinor: 1000, currency: 'EUR' } });
      await patch(coordinator.token, project.id, {
        title: 'Renamed project',
        partnerOrganisationIds: [eu.id, cn2.id],
        budget: { amountMinor: 2000, currency: 'EUR' },
      }).expect(200);
      await transition(coordinator.token, project.id, 'proposed').expect(200);

      const events = await auditOf(project.id);
      expect(events.map((event) => event.action)).toEqual([
        'joint_project.created',
        'joint_project.updated',
        'joint_project.transitioned',
      ]);
      for (const event of events) {
        expect(event.entity_type).toBe('joint_project');
        expect(event.actor_id).toBe(coordinator.userId);
      }
      expect(events[0].changes).toMatchObject({
        cohortId: { before: null, after: cohort.id },
        title: { before: null, after: 'Community water monitoring' },
        status: { before: null, after: 'idea' },
        partnerOrganisationIds: { before: null, after: [eu.id, cn.id].sort() },
        budget: { before: null, after: { amountMinor: 1000, currency: 'EUR' } },
      });
      expect(events[1].changes).toEqual({
        title: { before: 'Community water monitoring', after: 'Renamed project' },
        partnerOrganisationIds: { before: [eu.id, cn.id].sort(), after: [eu.id, cn2.id].sort() },
        budget: { before: { amountMinor: 1000, currency: 'EUR' }, after: { amountMinor: 2000, currency: 'EUR' } },
      });

      const milestone = await addMilestone(coordinator.token, project.id, {
        title: 'Kick-off',
        dueOn: '2028-01-10',
      }).expect(201);
      await patchMilestone(coordinator.token, project.id, milestone.body.id, { doneOn: '2024-01-09' }).expect(200);
      await deleteMilestone(coordinator.token, project.id, milestone.body.id).expect(204);
      const milestoneEvents = await auditOf(milestone.body.id);
      expect(milestoneEvents.map((event) => [event.entity_type, event.action])).toEqual([
        ['joint_project_milestone', 'joint_project_milestone.created'],
        ['joint_project_milestone', 'joint_project_milestone.updated'],
        ['joint_project_milestone', 'joint_project_milestone.deleted'],
      ]);
      expect(milestoneEvents[0].changes).toMatchObject({
        jointProjectId: { before: null, after: project.id },
        dueOn: { before: null, after: '2028-01-10' },
      });
      expect(milestoneEvents[1].changes).toEqual({ doneOn: { before: null, after: '2024-01-09' } });
      expect(milestoneEvents[2].changes).toMatchObject({ title: { before: 'Kick-off', after: null } });

      const trail = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityType: 'joint_project', entityId: project.id })
        .set(as(coordinator.token))
        .expect(200);
      expect(trail.body.total).toBe(3);
    });
  });

  it('keeps an organisation that is still a partner from being deleted (409)', async () => {
    const partner = await anOrganisation(app, { region: 'CN' });
    await aProject({ partnerOrganisationIds: [eu.id, partner.id] });
    const response = await app.http().delete(`/api/v1/organisations/${partner.id}`).set(as(coordinator.token));
    expectProblem(response, 409, '/problems/reference');
  });
});
