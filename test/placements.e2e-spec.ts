import type { Response } from 'supertest';
import { Application } from '../src/applications/application.entity';
import { CreateApplicationDto } from '../src/applications/dto/create-application.dto';
import { Cohort } from '../src/cohorts/cohort.entity';
import { CreateCohortDto } from '../src/cohorts/dto/create-cohort.dto';
import { MatchingRunsService } from '../src/matching/matching-runs.service';
import { CreateOrganisationDto } from '../src/organisations/dto/create-organisation.dto';
import { Organisation } from '../src/organisations/organisation.entity';
import { PlacementsService } from '../src/placements/placements.service';
import { StaffMember } from '../src/staff/staff-member.entity';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem, fieldsOf } from './support/http';
import { TestApp } from './support/test-app';

/** Placements through the API: lifecycle, checklist, rules, grant, twinning pairs, audit, calendar and matching. */

type Status = 'proposed' | 'accepted' | 'confirmed' | 'in_progress' | 'completed' | 'declined' | 'cancelled';
type Actor = 'participant' | 'coordinator';

const STATUSES: Status[] = ['proposed', 'accepted', 'confirmed', 'in_progress', 'completed', 'declined', 'cancelled'];

/** Where each actor may move a placement from each status (§5), written out by hand. */
const ALLOWED: Record<Actor, Record<Status, Status[]>> = {
  participant: {
    proposed: ['accepted', 'declined'],
    accepted: ['declined'],
    confirmed: ['declined'],
    in_progress: ['declined'],
    completed: [],
    declined: [],
    cancelled: [],
  },
  coordinator: {
    proposed: ['cancelled'],
    accepted: ['confirmed', 'cancelled'],
    confirmed: ['in_progress', 'cancelled'],
    in_progress: ['completed', 'cancelled'],
    completed: [],
    declined: [],
    cancelled: [],
  },
};

/** How a placement gets from proposed to each status. */
const PATH: Record<Status, Status[]> = {
  proposed: [],
  accepted: ['accepted'],
  confirmed: ['accepted', 'confirmed'],
  in_progress: ['accepted', 'confirmed', 'in_progress'],
  completed: ['accepted', 'confirmed', 'in_progress', 'completed'],
  declined: ['declined'],
  cancelled: ['cancelled'],
};

/** Inside the builders' EU→CN window (1 Aug - 30 Sep 2027): 2 Aug - 12 Sep is 42 days, both ends counted. */
const EU_TO_CN = { startsOn: '2027-08-02', endsOn: '2027-09-12' };
/** Inside the CN→EU window (8 Oct - 9 Dec 2027): 11 Oct - 21 Nov is 42 days. */
const CN_TO_EU = { startsOn: '2027-10-11', endsOn: '2027-11-21' };

const CHINA_CHECKLIST = [
  'emergency_contact',
  'host_readiness',
  'insurance',
  'invitation_letter',
  'temporary_activity_filing',
  'travel_booked',
  'visa',
];
const EUROPE_CHECKLIST = CHINA_CHECKLIST.filter((key) => key !== 'temporary_activity_filing');

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const sorted = (values: string[]) => [...values].sort();

interface Person {
  token: string;
  userId: string;
  staff: StaffMember;
  application: Application;
}

describe('Placements (HTTP)', () => {
  let app: TestApp;
  let coordinator: { token: string; userId: string };

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.signIn('coordinator');
  });

  afterAll(() => app.close());

  const createPlacement = (body: object, token = coordinator.token) =>
    app.http().post('/api/v1/placements').set(as(token)).send(body);
  const getPlacement = (id: string, token = coordinator.token) =>
    app.http().get(`/api/v1/placements/${id}`).set(as(token));
  const patchPlacement = (id: string, body: object, token = coordinator.token) =>
    app.http().patch(`/api/v1/placements/${id}`).set(as(token)).send(body);
  const move = (id: string, body: { to: string; reason?: string }, token = coordinator.token) =>
    app.http().post(`/api/v1/placements/${id}/transitions`).set(as(token)).send(body);
  const tick = (id: string, key: string, body: object, token = coordinator.token) =>
    app.http().put(`/api/v1/placements/${id}/checklist/${key}`).set(as(token)).send(body);
  const pairsOf = (cohortId: string, token = coordinator.token) =>
    app.http().get(`/api/v1/cohorts/${cohortId}/twinning-pairs`).set(as(token));
  const auditOf = (placementId: string) =>
    app
      .http()
      .get('/api/v1/audit-events')
      .query({ entity: 'placement', entityId: placementId, sort: 'occurredAt', pageSize: 100 })
      .set(as(coordinator.token))
      .expect(200);

  const moveCohort = (cohortId: string, to: string) =>
    app.http().post(`/api/v1/cohorts/${cohortId}/transitions`).set(as(coordinator.token)).send({ to }).expect(200);
  const accept = (applicationId: string) =>
    app
      .http()
      .post(`/api/v1/applications/${applicationId}/transitions`)
      .set(as(coordinator.token))
      .send({ to: 'accepted' })
      .expect(200);

  /** A signed-in participant with a staff profile at `home` and an application to `cohort` (accepted unless told). */
  async function applicant(
    cohort: Cohort,
    home: Organisation,
    {
      accepted = true,
      languages,
      ...overrides
    }: Partial<CreateApplicationDto> & { accepted?: boolean; languages?: StaffMember['languages'] } = {},
  ): Promise<Person> {
    const participant = await app.signIn('participant');
    const staff = await aStaffMember(app, {
      organisationId: home.id,
      userId: participant.userId,
      ...(languages && { languages }),
    });
    const window = cohort.exchangeWindows.find((candidate) => candidate.from === home.region)!;
    const application = await anApplication(app, {
      cohortId: cohort.id,
      staffId: staff.id,
      availableFrom: window.startsOn,
      availableTo: window.endsOn,
      ...overrides,
    });
    if (accepted) await accept(application.id);
    return { token: participant.token, userId: participant.userId, staff, application };
  }

  /** A cohort in matching with one accepted applicant from a Berlin NGO and a Chengdu host. */
  async function oneWay(
    options: { host?: Partial<CreateOrganisationDto>; cohort?: Partial<CreateCohortDto> } = {},
  ): Promise<{ cohort: Cohort; home: Organisation; host: Organisation; person: Person }> {
    const cohort = await aCohort(app, { status: 'open', ...options.cohort });
    const home = await anOrganisation(app, { region: 'EU' });
    const host = await anOrganisation(app, { region: 'CN', ...options.host });
    const person = await applicant(cohort, home);
    await moveCohort(cohort.id, 'matching');
    return { cohort, home, host, person };
  }

  async function tickAll(id: string, token = coordinator.token): Promise<void> {
    const placement = await getPlacement(id).expect(200);
    for (const item of placement.body.checklist) await tick(id, item.key, { done: true }, token).expect(200);
  }

  /** Drives a placement along the real transitions, ticking the checklist before it starts. */
  async function drive(id: string, person: Person, to: Status): Promise<void> {
    for (const step of PATH[to]) {
      if (step === 'in_progress') await tickAll(id);
      const token = step === 'accepted' || step === 'declined' ? person.token : coordinator.token;
      await move(id, { to: step, ...(step === 'cancelled' && { reason: 'The host office is closed' }) }, token).expect(
        200,
      );
    }
  }

  /** A fresh EU→CN placement of its own participant, moved to `status`. */
  async function aPlacementIn(status: Status) {
    const world = await oneWay();
    const created = await createPlacement({
      applicationId: world.person.application.id,
      hostOrganisationId: world.host.id,
      ...EU_TO_CN,
    }).expect(201);
    await drive(created.body.id, world.person, status);
    return { id: created.body.id as string, ...world };
  }

  function expectIllegal(response: Response, from: Status, allowed: Status[]): void {
    expectProblem(response, 409, '/problems/illegal-transition');
    expect(response.body.from).toBe(from);
    expect(sorted(response.body.allowed)).toEqual(sorted(allowed));
  }

  describe('the calendar job', () => {
    // The cohort runs in 2026, before every other placement of this file, so the job's counts are exact.
    it('starts a ready placement, leaves one with an open checklist waiting, completes a finished one, and is idempotent', async () => {
      const cohort = await aCohort(app, {
        status: 'open',
        applicationOpensOn: '2026-01-15',
        applicationClosesOn: '2026-03-31',
      });
      const home = await anOrganisation(app, { region: 'EU' });
      const host = await anOrganisation(app, { region: 'CN', hostingCapacity: 4 });
      const people = [];
      for (let index = 0; index < 4; index++) people.push(await applicant(cohort, home));
      await moveCohort(cohort.id, 'matching');
      const place = async (person: Person, dates: { startsOn: string; endsOn: string }) =>
        (
          await createPlacement({
            applicationId: person.application.id,
            hostOrganisationId: host.id,
            ...dates,
          }).expect(201)
        ).body.id as string;

      const ready = await place(people[0], { startsOn: '2026-08-20', endsOn: '2026-09-30' });
      await drive(ready, people[0], 'confirmed');
      await tickAll(ready, people[0].token);
      const unready = await place(people[1], { startsOn: '2026-08-03', endsOn: '2026-09-13' });
      await drive(unready, people[1], 'confirmed');
      await tick(unready, 'visa', { done: true }).expect(200);
      const running = await place(people[2], { startsOn: '2026-08-02', endsOn: '2026-09-12' });
      await drive(running, people[2], 'in_progress');
      const proposed = await place(people[3], { startsOn: '2026-08-02', endsOn: '2026-09-12' });

      const service = app.get(PlacementsService);
      const first = await service.advanceByCalendar('2026-09-13');
      expect(first).toEqual({ started: 1, completed: 1, waiting: 1 });

      const statusOf = async (id: string) => (await getPlacement(id).expect(200)).body;
      expect((await statusOf(ready)).status).toBe('in_progress');
      expect((await statusOf(unready)).status).toBe('confirmed');
      const completed = await statusOf(running);
      expect(completed).toMatchObject({ status: 'completed', grantFrozen: true });
      expect((await statusOf(proposed)).status).toBe('proposed');

      const lastEvent = async (id: string) => (await auditOf(id)).body.items.at(-1);
      expect(await lastEvent(ready)).toMatchObject({
        action: 'placement.transitioned',
        actorId: null,
        changes: { status: { before: 'confirmed', after: 'in_progress' } },
      });
      expect(await lastEvent(running)).toMatchObject({
        action: 'placement.transitioned',
        actorId: null,
        changes: { status: { before: 'in_progress', after: 'completed' } },
      });
      const eventCounts = async () =>
        Promise.all([ready, unready, running, proposed].map(async (id) => (await auditOf(id)).body.total));
      const countsBefore = await eventCounts();

      const second = await service.advanceByCalendar('2026-09-13');
      expect(second).toEqual({ started: 0, completed: 0, waiting: 1 });
      expect((await statusOf(ready)).status).toBe('in_progress');
      expect((await statusOf(unready)).status).toBe('confirmed');
      expect(await statusOf(running)).toMatchObject({ status: 'completed', grant: completed.grant });
      expect(await eventCounts()).toEqual(countsBefore);
    });
  });

  describe('transitions', () => {
    it.each(STATUSES)(
      'from %s, each actor makes exactly the allowed moves and is refused the others with a 409 listing them',
      async (from) => {
        const refused = await aPlacementIn(from);
        for (const actor of ['participant', 'coordinator'] as const) {
          const token = actor === 'participant' ? refused.person.token : coordinator.token;
          for (const to of STATUSES.filter((target) => !ALLOWED[actor][from].includes(target))) {
            const response = await move(
              refused.id,
              { to, ...(to === 'cancelled' && { reason: 'No longer needed' }) },
              token,
            );
            expectIllegal(response, from, ALLOWED[actor][from]);
          }
        }
        expect((await getPlacement(refused.id).expect(200)).body.status).toBe(from);

        for (const actor of ['participant', 'coordinator'] as const) {
          for (const to of ALLOWED[actor][from]) {
            const { id, person } = await aPlacementIn(from);
            const token = actor === 'participant' ? person.token : coordinator.token;
            if (to === 'cancelled') {
              expectInvalid(await move(id, { to }, token), 'reason');
              expectInvalid(await move(id, { to, reason: '' }, token), 'reason');
              expect((await getPlacement(id).expect(200)).body.status).toBe(from);
            }
            if (to === 'in_progress') await tickAll(id);
            const reason = to === 'cancelled' ? 'The host office is closed for renovation' : undefined;
            const moved = await move(id, { to, reason }, token).expect(200);
            expect(moved.body).toMatchObject({ id, status: to });
            if (to === 'cancelled') expect(moved.body.cancellationReason).toBe(reason);
            expect((await getPlacement(id).expect(200)).body.status).toBe(to);
          }
        }
      },
    );

    it('refuses reviewers and funders (403) everywhere on placements', async () => {
      const { id, person, host } = await aPlacementIn('accepted');
      for (const role of ['reviewer', 'funder'] as const) {
        const { token } = await app.signIn(role);
        const attempts = [
          app.http().get('/api/v1/placements').set(as(token)),
          getPlacement(id, token),
          move(id, { to: 'confirmed' }, token),
          tick(id, 'visa', { done: true }, token),
          patchPlacement(id, { mentorName: 'Liu Yang' }, token),
          createPlacement({ applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN }, token),
        ];
        for (const response of await Promise.all(attempts)) expectProblem(response, 403, '/problems/forbidden');
      }
      expect((await getPlacement(id).expect(200)).body).toMatchObject({ status: 'accepted', mentorName: null });
    });

    it('lets a participant see only their own placements; another participant gets 404 and changes nothing', async () => {
      const { id, cohort, person } = await aPlacementIn('confirmed');
      const other = await aPlacementIn('proposed');

      const own = await getPlacement(id, person.token).expect(200);
      expect(own.body).toMatchObject({ id, participant: { id: person.staff.id }, status: 'confirmed' });
      const list = await app
        .http()
        .get('/api/v1/placements')
        .query({ cohortId: cohort.id })
        .set(as(person.token))
        .expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
      const hidden = await app
        .http()
        .get('/api/v1/placements')
        .query({ cohortId: other.cohort.id })
        .set(as(person.token))
        .expect(200);
      expect(hidden.body).toMatchObject({ items: [], total: 0 });

      expectProblem(await getPlacement(id, other.person.token), 404, '/problems/not-found');
      expectProblem(await move(id, { to: 'declined' }, other.person.token), 404, '/problems/not-found');
      expectProblem(await tick(id, 'visa', { done: true }, other.person.token), 404, '/problems/not-found');
      // Participants neither make nor change placements.
      expectProblem(await patchPlacement(id, { mentorName: 'X' }, person.token), 403, '/problems/forbidden');
      expectProblem(
        await createPlacement(
          { applicationId: other.person.application.id, hostOrganisationId: other.host.id, ...EU_TO_CN },
          person.token,
        ),
        403,
        '/problems/forbidden',
      );
      const after = await getPlacement(id).expect(200);
      expect(after.body.status).toBe('confirmed');
      expect(after.body.checklist.every((item: { doneAt: string | null }) => item.doneAt === null)).toBe(true);
    });

    it('answers 400 naming the field for a bad target, an unknown field or a bad id, and 404 for an unknown placement', async () => {
      const { id } = await aPlacementIn('proposed');
      expectInvalid(await move(id, { to: 'started' }), 'to');
      expectInvalid(await move(id, {} as { to: string }), 'to');
      expectInvalid(
        await app
          .http()
          .post(`/api/v1/placements/${id}/transitions`)
          .set(as(coordinator.token))
          .send({ to: 'cancelled', reason: 'x', note: 'y' }),
        'note',
      );
      expectInvalid(await move('not-a-uuid', { to: 'cancelled', reason: 'x' }), 'id');
      expectInvalid(await getPlacement('not-a-uuid'), 'id');
      expectProblem(
        await move('00000000-0000-4000-8000-000000000000', { to: 'cancelled', reason: 'x' }),
        404,
        '/problems/not-found',
      );
      expect((await getPlacement(id).expect(200)).body.status).toBe('proposed');
    });
  });

  describe('the pre-departure checklist', () => {
    it('appears on confirmation; a China-hosted placement includes the temporary-activity filing due 15 days before start', async () => {
      const { id, person } = await aPlacementIn('accepted');
      expect((await getPlacement(id).expect(200)).body.checklist).toEqual([]);
      const confirmed = await move(id, { to: 'confirmed' }).expect(200);
      const items: Array<{ key: string; required: boolean; dueOn: string; doneAt: null; doneById: null }> =
        confirmed.body.checklist;
      expect(sorted(items.map((item) => item.key))).toEqual(CHINA_CHECKLIST);
      expect(items.every((item) => item.required && item.doneAt === null && item.doneById === null)).toBe(true);
      const dueOn = Object.fromEntries(items.map((item) => [item.key, item.dueOn]));
      // Starts 2 Aug 2027: the filing 15 days before, visa three weeks before, the invitation letter 45 days before.
      expect(dueOn).toMatchObject({
        temporary_activity_filing: '2027-07-18',
        visa: '2027-07-12',
        invitation_letter: '2027-06-18',
        insurance: '2027-07-19',
        emergency_contact: '2027-07-26',
      });
      // The participant sees the same list on their placement.
      expect((await getPlacement(id, person.token).expect(200)).body.checklist).toEqual(items);
    });

    it('has no temporary-activity filing for a placement hosted in Europe', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const home = await anOrganisation(app, { region: 'CN' });
      const host = await anOrganisation(app, { region: 'EU' });
      const person = await applicant(cohort, home);
      await moveCohort(cohort.id, 'matching');
      const created = await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: host.id,
        ...CN_TO_EU,
      }).expect(201);
      await drive(created.body.id, person, 'confirmed');
      const placement = await getPlacement(created.body.id).expect(200);
      expect(sorted(placement.body.checklist.map((item: { key: string }) => item.key))).toEqual(EUROPE_CHECKLIST);
      // Starts 11 Oct 2027: visa due three weeks before.
      expect(placement.body.checklist.find((item: { key: string }) => item.key === 'visa').dueOn).toBe('2027-09-20');
    });

    it('keeps a placement from starting (422 naming the open items) until the participant and a coordinator tick them all', async () => {
      const { id, person } = await aPlacementIn('confirmed');
      const refused = await move(id, { to: 'in_progress' });
      expectProblem(refused, 422, '/problems/checklist-open');
      expect(sorted(refused.body.openItems)).toEqual(CHINA_CHECKLIST);

      const byParticipant = await tick(id, 'visa', { done: true }, person.token).expect(200);
      const visa = byParticipant.body.checklist.find((item: { key: string }) => item.key === 'visa');
      expect(visa).toMatchObject({ doneById: person.userId, doneAt: expect.any(String) });
      const byCoordinator = await tick(id, 'temporary_activity_filing', { done: true }).expect(200);
      expect(
        byCoordinator.body.checklist.find((item: { key: string }) => item.key === 'temporary_activity_filing'),
      ).toMatchObject({ doneById: coordinator.userId, doneAt: expect.any(String) });

      const stillOpen = await move(id, { to: 'in_progress' });
      expectProblem(stillOpen, 422, '/problems/checklist-open');
      expect(sorted(stillOpen.body.openItems)).toEqual(
        CHINA_CHECKLIST.filter((key) => !['visa', 'temporary_activity_filing'].includes(key)),
      );
      expect(stillOpen.body.detail).toContain('insurance');

      for (const key of CHINA_CHECKLIST) await tick(id, key, { done: true }, person.token).expect(200);
      // Reopening an item closes the way again.
      const reopened = await tick(id, 'insurance', { done: false }).expect(200);
      expect(reopened.body.checklist.find((item: { key: string }) => item.key === 'insurance')).toMatchObject({
        doneAt: null,
        doneById: null,
      });
      const onlyInsurance = await move(id, { to: 'in_progress' });
      expectProblem(onlyInsurance, 422, '/problems/checklist-open');
      expect(onlyInsurance.body.openItems).toEqual(['insurance']);
      expect((await getPlacement(id).expect(200)).body.status).toBe('confirmed');

      await tick(id, 'insurance', { done: true }, person.token).expect(200);
      await move(id, { to: 'in_progress' }).expect(200);
    });

    it('answers 404 for an unknown item, 400 for a bad body, and 422 once the placement is completed', async () => {
      const { id } = await aPlacementIn('confirmed');
      expectProblem(await tick(id, 'passport_photo', { done: true }), 404, '/problems/not-found');
      expectInvalid(await tick(id, 'visa', {}), 'done');
      expectInvalid(await tick(id, 'visa', { done: 'yes' }), 'done');
      const proposed = await aPlacementIn('proposed');
      // Nothing to tick before confirmation.
      expectProblem(await tick(proposed.id, 'visa', { done: true }), 404, '/problems/not-found');

      const completed = await aPlacementIn('completed');
      expectProblem(
        await tick(completed.id, 'visa', { done: false }, completed.person.token),
        422,
        '/problems/placement-finished',
      );
      const items = (await getPlacement(completed.id).expect(200)).body.checklist;
      expect(items.every((item: { doneAt: string | null }) => item.doneAt !== null)).toBe(true);
    });
  });

  describe('concurrency', () => {
    it('lets exactly two of five racing placements into a host with two places', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const host = await anOrganisation(app, { region: 'CN', hostingCapacity: 2 });
      const people: Person[] = [];
      for (let index = 0; index < 5; index++) {
        people.push(await applicant(cohort, await anOrganisation(app, { region: 'EU' })));
      }
      await moveCohort(cohort.id, 'matching');

      const responses = await Promise.all(
        people.map((person) =>
          createPlacement({ applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 422, 422, 422]);
      for (const response of responses.filter((candidate) => candidate.status === 422)) {
        expectProblem(response, 422, '/problems/placement-rule');
        expect(fieldsOf(response.body)).toEqual(['hostOrganisationId']);
      }
      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM placements
          WHERE cohort_id = $1 AND host_organisation_id = $2 AND status NOT IN ('declined', 'cancelled')`,
        [cohort.id, host.id],
      );
      expect(count).toBe(2);
    });

    it('lets one of two racing confirmations through; the other gets 409 and the checklist is made once', async () => {
      const { id } = await aPlacementIn('accepted');
      const responses = await Promise.all([move(id, { to: 'confirmed' }), move(id, { to: 'confirmed' })]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expectIllegal(
        responses.find((response) => response.status === 409)!,
        'confirmed',
        ['in_progress', 'cancelled'],
      );
      const placement = await getPlacement(id).expect(200);
      expect(sorted(placement.body.checklist.map((item: { key: string }) => item.key))).toEqual(CHINA_CHECKLIST);
      const transitions = (await auditOf(id)).body.items.filter(
        (event: { action: string }) => event.action === 'placement.transitioned',
      );
      expect(
        transitions.map((event: { changes: { status: { after: string } } }) => event.changes.status.after),
      ).toEqual(['accepted', 'confirmed']);
    });

    it("lets one of a participant's two racing acceptances through; the other gets 409", async () => {
      const { id, person } = await aPlacementIn('proposed');
      const responses = await Promise.all([
        move(id, { to: 'accepted' }, person.token),
        move(id, { to: 'accepted' }, person.token),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expectIllegal(
        responses.find((response) => response.status === 409)!,
        'accepted',
        ['declined'],
      );
      expect((await getPlacement(id).expect(200)).body.status).toBe('accepted');
    });

    it('places one staff member raced into two hosts only once (409 for the other)', async () => {
      const { cohort, host, person } = await oneWay();
      const secondHost = await anOrganisation(app, { region: 'CN' });
      const responses = await Promise.all(
        [host, secondHost].map((candidate) =>
          createPlacement({ applicationId: person.application.id, hostOrganisationId: candidate.id, ...EU_TO_CN }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      expectProblem(
        responses.find((response) => response.status === 409)!,
        409,
        '/problems/duplicate',
      );
      const rows = await app.dataSource.query(
        `SELECT id FROM placements WHERE cohort_id = $1 AND staff_id = $2 AND status NOT IN ('declined', 'cancelled')`,
        [cohort.id, person.staff.id],
      );
      expect(rows).toEqual([{ id: responses.find((response) => response.status === 201)!.body.id }]);

      // Once that placement is declined, the staff member can be placed again.
      await move(rows[0].id, { to: 'declined' }, person.token).expect(200);
      await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: secondHost.id,
        ...EU_TO_CN,
      }).expect(201);
    });
  });

  describe('making a placement by hand', () => {
    it('answers 201 with the placement, proposed, its participant, host and twinning pair', async () => {
      const { cohort, home, host, person } = await oneWay();
      const response = await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: host.id,
        ...EU_TO_CN,
        mentorName: 'Liu Yang',
      }).expect(201);
      expect(response.body).toMatchObject({
        cohortId: cohort.id,
        applicationId: person.application.id,
        participant: { id: person.staff.id, organisationId: home.id, organisationName: home.name },
        host: { id: host.id, name: host.name, region: 'CN', country: 'CN' },
        ...EU_TO_CN,
        status: 'proposed',
        mentorName: 'Liu Yang',
        matchScore: null,
        matchingRunId: null,
        twinningPairId: expect.any(String),
        grantFrozen: false,
        cancellationReason: null,
        checklist: [],
      });
    });

    /** Expects a 422 placement-rule naming `field` with a message matching `message`, and no placement made. */
    async function expectRule(response: Response, field: string, message: RegExp, cohortId: string): Promise<void> {
      expectProblem(response, 422, '/problems/placement-rule');
      expect(fieldsOf(response.body)).toContain(field);
      const errors: Array<{ field: string; message: string }> = response.body.errors;
      expect(errors.some((error) => error.field === field && message.test(error.message))).toBe(true);
      const [{ count }] = await app.dataSource.query(
        'SELECT count(*)::int AS count FROM placements WHERE cohort_id = $1',
        [cohortId],
      );
      expect(count).toBe(0);
    }

    it('refuses a host on the same side, and the participant’s own organisation (422 naming hostOrganisationId)', async () => {
      const { cohort, home, person } = await oneWay();
      const sameSide = await anOrganisation(app, { region: 'EU' });
      const base = { applicationId: person.application.id, ...EU_TO_CN };
      await expectRule(
        await createPlacement({ ...base, hostOrganisationId: sameSide.id }),
        'hostOrganisationId',
        /other side/,
        cohort.id,
      );
      await expectRule(
        await createPlacement({ ...base, hostOrganisationId: home.id }),
        'hostOrganisationId',
        /own organisation/,
        cohort.id,
      );
    });

    it('sends a joint application only to its named partner (422 for another host)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const home = await anOrganisation(app, { region: 'EU' });
      const partner = await anOrganisation(app, { region: 'CN' });
      const elsewhere = await anOrganisation(app, { region: 'CN' });
      const person = await applicant(cohort, home, {
        kind: 'joint',
        partnerOrganisationId: partner.id,
        exchangeTopic: 'River basin monitoring',
      });
      await moveCohort(cohort.id, 'matching');
      await expectRule(
        await createPlacement({
          applicationId: person.application.id,
          hostOrganisationId: elsewhere.id,
          ...EU_TO_CN,
        }),
        'hostOrganisationId',
        /named partner/,
        cohort.id,
      );
    });

    it('refuses a host sharing no working language with the participant', async () => {
      const { cohort, person } = await oneWay();
      const french = await anOrganisation(app, { region: 'CN', workingLanguages: ['fr'] });
      await expectRule(
        await createPlacement({ applicationId: person.application.id, hostOrganisationId: french.id, ...EU_TO_CN }),
        'hostOrganisationId',
        /no working language/,
        cohort.id,
      );
    });

    it('refuses a host whose places in the cohort are taken, and one that does not host', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const host = await anOrganisation(app, { region: 'CN', hostingCapacity: 1 });
      const closed = await anOrganisation(app, { region: 'CN', hostingCapacity: 0 });
      const first = await applicant(cohort, await anOrganisation(app, { region: 'EU' }));
      const second = await applicant(cohort, await anOrganisation(app, { region: 'EU' }));
      await moveCohort(cohort.id, 'matching');
      const placed = await createPlacement({
        applicationId: first.application.id,
        hostOrganisationId: host.id,
        ...EU_TO_CN,
      }).expect(201);
      for (const full of [host, closed]) {
        const response = await createPlacement({
          applicationId: second.application.id,
          hostOrganisationId: full.id,
          ...EU_TO_CN,
        });
        expectProblem(response, 422, '/problems/placement-rule');
        expect(response.body.errors).toEqual([
          { field: 'hostOrganisationId', message: expect.stringMatching(/no places left/) },
        ]);
      }
      // A cancelled placement gives its place back.
      await move(placed.body.id, { to: 'cancelled', reason: 'Visa refused' }).expect(200);
      await createPlacement({
        applicationId: second.application.id,
        hostOrganisationId: host.id,
        ...EU_TO_CN,
      }).expect(201);
    });

    it('refuses dates outside the direction’s window, outside the availability, too short or too long', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const home = await anOrganisation(app, { region: 'EU' });
      const host = await anOrganisation(app, { region: 'CN' });
      const person = await applicant(cohort, home, { availableFrom: '2027-08-01', availableTo: '2027-09-20' });
      await moveCohort(cohort.id, 'matching');
      const place = (startsOn: string, endsOn: string) =>
        createPlacement({ applicationId: person.application.id, hostOrganisationId: host.id, startsOn, endsOn });

      // Before the EU→CN window (1 Aug - 30 Sep).
      await expectRule(
        await place('2027-07-20', '2027-08-30'),
        'startsOn',
        /window 2027-08-01 … 2027-09-30/,
        cohort.id,
      );
      // In the window of the other direction.
      await expectRule(await place('2027-10-08', '2027-11-10'), 'startsOn', /EU→CN window/, cohort.id);
      // Inside the window, past the applicant's availability (until 20 Sep).
      await expectRule(await place('2027-08-20', '2027-09-25'), 'endsOn', /availability/, cohort.id);
      // 2 - 20 Aug is 19 days: shorter than 28.
      const short = await place('2027-08-02', '2027-08-20');
      await expectRule(short, 'endsOn', /lasts 19 days; it must last 28 to 56/, cohort.id);
      expect(fieldsOf(short.body)).toEqual(['endsOn']);
      // 1 Aug - 20 Sep is 51 days; with availability to the end of the window 1 Aug - 27 Sep is 58: too long.
      const long = await aCohort(app, { status: 'open' });
      const longer = await applicant(long, home);
      await moveCohort(long.id, 'matching');
      const tooLong = await createPlacement({
        applicationId: longer.application.id,
        hostOrganisationId: host.id,
        startsOn: '2027-08-01',
        endsOn: '2027-09-27',
      });
      await expectRule(tooLong, 'endsOn', /lasts 58 days/, long.id);
      // Exactly the bounds are fine: 28 days.
      await place('2027-08-02', '2027-08-29').expect(201);
    });

    it('refuses an application that is not accepted (422 naming applicationId)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const host = await anOrganisation(app, { region: 'CN' });
      const person = await applicant(cohort, await anOrganisation(app, { region: 'EU' }), { accepted: false });
      await moveCohort(cohort.id, 'matching');
      await expectRule(
        await createPlacement({ applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN }),
        'applicationId',
        /not accepted/,
        cohort.id,
      );
    });

    it('refuses placements while the cohort is open or after it is closed (422 cohort-not-placing)', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const host = await anOrganisation(app, { region: 'CN' });
      const person = await applicant(cohort, await anOrganisation(app, { region: 'EU' }));
      const body = { applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN };
      expectProblem(await createPlacement(body), 422, '/problems/cohort-not-placing');
      await moveCohort(cohort.id, 'matching');
      await moveCohort(cohort.id, 'active');
      // An active cohort still takes placements.
      const placed = await createPlacement(body).expect(201);
      await move(placed.body.id, { to: 'cancelled', reason: 'Replaced' }).expect(200);
      await moveCohort(cohort.id, 'closed');
      expectProblem(await createPlacement(body), 422, '/problems/cohort-not-placing');
    });

    it('answers 422 unknown-reference naming an unknown application or host', async () => {
      const { person } = await oneWay();
      const { host } = await oneWay();
      const nobody = '00000000-0000-4000-8000-000000000000';
      const unknownApplication = await createPlacement({
        applicationId: nobody,
        hostOrganisationId: host.id,
        ...EU_TO_CN,
      });
      expectProblem(unknownApplication, 422, '/problems/unknown-reference');
      expect(fieldsOf(unknownApplication.body)).toEqual(['applicationId']);
      const unknownHost = await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: nobody,
        ...EU_TO_CN,
      });
      expectProblem(unknownHost, 422, '/problems/unknown-reference');
      expect(fieldsOf(unknownHost.body)).toEqual(['hostOrganisationId']);
    });

    it('answers 400 naming each malformed field', async () => {
      const { host, person } = await oneWay();
      const good = { applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN };
      expectInvalid(await createPlacement({ ...good, applicationId: 'application-1' }), 'applicationId');
      expectInvalid(await createPlacement({ ...good, hostOrganisationId: 42 }), 'hostOrganisationId');
      expectInvalid(await createPlacement({ ...good, startsOn: '2027-02-30' }), 'startsOn');
      expectInvalid(await createPlacement({ ...good, startsOn: '02/08/2027' }), 'startsOn');
      expectInvalid(await createPlacement({ ...good, endsOn: '2027-08-01' }), 'endsOn');
      expectInvalid(await createPlacement({ ...good, mentorName: '' }), 'mentorName');
      expectInvalid(await createPlacement({ ...good, status: 'confirmed' }), 'status');
      expectInvalid(await createPlacement({ hostOrganisationId: host.id, ...EU_TO_CN }), 'applicationId');
      const [{ count }] = await app.dataSource.query(
        'SELECT count(*)::int AS count FROM placements WHERE application_id = $1',
        [person.application.id],
      );
      expect(count).toBe(0);
    });

    it('makes one placement for a retried request with the same Idempotency-Key', async () => {
      const { host, person } = await oneWay();
      const body = { applicationId: person.application.id, hostOrganisationId: host.id, ...EU_TO_CN };
      const send = () =>
        app
          .http()
          .post('/api/v1/placements')
          .set(as(coordinator.token))
          .set('Idempotency-Key', `placement-${person.staff.id}`)
          .send(body);
      const first = await send().expect(201);
      const retried = await send().expect(201);
      expect(retried.body.id).toBe(first.body.id);
      const rows = await app.dataSource.query('SELECT id FROM placements WHERE application_id = $1', [
        person.application.id,
      ]);
      expect(rows).toEqual([{ id: first.body.id }]);
    });
  });

  describe('the grant', () => {
    it('is computed from the cohort’s rules for a 42-day stay in Chengdu from Berlin, and recomputed when the dates change', async () => {
      const { id } = await aPlacementIn('proposed');
      const { body } = await getPlacement(id).expect(200);
      // 30 days at the full CN rate, 12 at the reduced one; Berlin-Chengdu is about 7,400 km: the band up to 8,000 km.
      expect(body.grant).toEqual({
        currency: 'EUR',
        days: 42,
        dailyAllowance: {
          fullRateDays: 30,
          reducedRateDays: 12,
          rate: eur(6_000),
          reducedRate: eur(4_500),
          amount: eur(30 * 6_000 + 12 * 4_500),
        },
        travel: { distanceKm: expect.any(Number), bandUpToKm: 8_000, amount: eur(82_000) },
        visa: eur(12_000),
        insurance: eur(9_000),
        total: eur(30 * 6_000 + 12 * 4_500 + 82_000 + 12_000 + 9_000),
      });
      expect(body.grant.travel.distanceKm).toBeGreaterThan(7_350);
      expect(body.grant.travel.distanceKm).toBeLessThan(7_450);
      expect(body.grantFrozen).toBe(false);

      // 2 Aug - 5 Sep: 35 days.
      const shorter = await patchPlacement(id, { endsOn: '2027-09-05' }).expect(200);
      expect(shorter.body.endsOn).toBe('2027-09-05');
      expect(shorter.body.grant).toMatchObject({
        days: 35,
        dailyAllowance: { fullRateDays: 30, reducedRateDays: 5, amount: eur(30 * 6_000 + 5 * 4_500) },
        total: eur(30 * 6_000 + 5 * 4_500 + 82_000 + 12_000 + 9_000),
      });
      // 16 Aug - 5 Sep: 21 days is below the minimum; a date after the window is outside it.
      const tooShort = await patchPlacement(id, { startsOn: '2027-08-16' });
      expectProblem(tooShort, 422, '/problems/placement-rule');
      expect(fieldsOf(tooShort.body)).toEqual(['endsOn']);
      const outside = await patchPlacement(id, { endsOn: '2027-10-02' });
      expectProblem(outside, 422, '/problems/placement-rule');
      expect(fieldsOf(outside.body)).toContain('endsOn');
      expectInvalid(await patchPlacement(id, { endsOn: '2027-08-01' }), 'endsOn');
      expectInvalid(await patchPlacement(id, { startsOn: 'soon' }), 'startsOn');
      expect((await getPlacement(id).expect(200)).body.grant).toEqual(shorter.body.grant);
    });

    it('uses the European rate for a placement hosted in Berlin', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const home = await anOrganisation(app, { region: 'CN' });
      const host = await anOrganisation(app, { region: 'EU' });
      const person = await applicant(cohort, home);
      await moveCohort(cohort.id, 'matching');
      const created = await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: host.id,
        ...CN_TO_EU,
      }).expect(201);
      expect(created.body.grant).toMatchObject({
        days: 42,
        dailyAllowance: { rate: eur(8_000), reducedRate: eur(6_000), amount: eur(30 * 8_000 + 12 * 6_000) },
        travel: { bandUpToKm: 8_000, amount: eur(82_000) },
        total: eur(30 * 8_000 + 12 * 6_000 + 82_000 + 12_000 + 9_000),
      });
    });

    it('is frozen once the placement is completed: no more changes (422 placement-finished)', async () => {
      const { id, person } = await aPlacementIn('in_progress');
      const before = (await getPlacement(id).expect(200)).body.grant;
      const completed = await move(id, { to: 'completed' }).expect(200);
      expect(completed.body).toMatchObject({ status: 'completed', grantFrozen: true, grant: before });
      expectProblem(await patchPlacement(id, { endsOn: '2027-09-05' }), 422, '/problems/placement-finished');
      expectProblem(await patchPlacement(id, { mentorName: 'Late mentor' }), 422, '/problems/placement-finished');
      expect((await getPlacement(id, person.token).expect(200)).body).toMatchObject({
        endsOn: EU_TO_CN.endsOn,
        grant: before,
        grantFrozen: true,
        mentorName: null,
      });
      const cancelled = await aPlacementIn('cancelled');
      expectProblem(await patchPlacement(cancelled.id, { endsOn: '2027-09-05' }), 422, '/problems/placement-finished');
    });
  });

  describe('twinning pairs', () => {
    it('shows a pair with both directions side by side when two organisations host each other', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const berlin = await anOrganisation(app, { region: 'EU' });
      const chengdu = await anOrganisation(app, { region: 'CN' });
      const european = await applicant(cohort, berlin);
      const chinese = await applicant(cohort, chengdu);
      await moveCohort(cohort.id, 'matching');
      expect((await pairsOf(cohort.id).expect(200)).body).toEqual([]);

      const eastward = await createPlacement({
        applicationId: european.application.id,
        hostOrganisationId: chengdu.id,
        ...EU_TO_CN,
      }).expect(201);
      const westward = await createPlacement({
        applicationId: chinese.application.id,
        hostOrganisationId: berlin.id,
        ...CN_TO_EU,
      }).expect(201);
      expect(westward.body.twinningPairId).toBe(eastward.body.twinningPairId);
      await move(westward.body.id, { to: 'accepted' }, chinese.token).expect(200);

      const pairs = await pairsOf(cohort.id).expect(200);
      expect(pairs.body).toHaveLength(1);
      const [pair] = pairs.body;
      expect(pair).toMatchObject({ id: eastward.body.twinningPairId, origin: 'placement', exchangeTopic: null });
      expect(sorted(pair.organisations.map((organisation: { id: string }) => organisation.id))).toEqual(
        sorted([berlin.id, chengdu.id]),
      );
      expect(pair.directions).toHaveLength(2);
      const direction = (from: string) =>
        pair.directions.find((candidate: { fromOrganisationId: string }) => candidate.fromOrganisationId === from);
      expect(direction(berlin.id)).toEqual({
        fromOrganisationId: berlin.id,
        toOrganisationId: chengdu.id,
        placement: {
          placementId: eastward.body.id,
          staffId: european.staff.id,
          staffName: european.staff.fullName,
          status: 'proposed',
          ...EU_TO_CN,
        },
      });
      expect(direction(chengdu.id)).toEqual({
        fromOrganisationId: chengdu.id,
        toOrganisationId: berlin.id,
        placement: {
          placementId: westward.body.id,
          staffId: chinese.staff.id,
          staffName: chinese.staff.fullName,
          status: 'accepted',
          ...CN_TO_EU,
        },
      });
    });

    it('is made by an accepted joint application, with its topic, before any placement; its placement joins it', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const home = await anOrganisation(app, { region: 'EU' });
      const partner = await anOrganisation(app, { region: 'CN' });
      const person = await applicant(cohort, home, {
        accepted: false,
        kind: 'joint',
        partnerOrganisationId: partner.id,
        exchangeTopic: 'Wetland restoration with village committees',
      });
      expect((await pairsOf(cohort.id).expect(200)).body).toEqual([]);
      await accept(person.application.id);

      const pairs = await pairsOf(cohort.id).expect(200);
      expect(pairs.body).toHaveLength(1);
      expect(pairs.body[0]).toMatchObject({
        origin: 'joint_application',
        exchangeTopic: 'Wetland restoration with village committees',
      });
      expect(sorted(pairs.body[0].organisations.map((organisation: { id: string }) => organisation.id))).toEqual(
        sorted([home.id, partner.id]),
      );
      expect(pairs.body[0].directions.map((direction: { placement: unknown }) => direction.placement)).toEqual([
        null,
        null,
      ]);

      await moveCohort(cohort.id, 'matching');
      const placed = await createPlacement({
        applicationId: person.application.id,
        hostOrganisationId: partner.id,
        ...EU_TO_CN,
      }).expect(201);
      expect(placed.body.twinningPairId).toBe(pairs.body[0].id);
      const after = await pairsOf(cohort.id).expect(200);
      expect(after.body).toHaveLength(1);
      expect(after.body[0]).toMatchObject({ origin: 'joint_application', id: pairs.body[0].id });
    });

    it('is for coordinators: participants, reviewers and funders get 403; an unknown cohort 404', async () => {
      const { cohort, person } = await aPlacementIn('proposed');
      expectProblem(await pairsOf(cohort.id, person.token), 403, '/problems/forbidden');
      for (const role of ['reviewer', 'funder'] as const) {
        expectProblem(await pairsOf(cohort.id, (await app.signIn(role)).token), 403, '/problems/forbidden');
      }
      expectProblem(await pairsOf('00000000-0000-4000-8000-000000000000'), 404, '/problems/not-found');
      expectInvalid(await pairsOf('cohort-1'), 'id');
    });
  });

  describe('dates that move', () => {
    it('moves the checklist and the reports not yet handed in with the placement’s dates', async () => {
      const { id } = await aPlacementIn('confirmed');
      const before = await getPlacement(id).expect(200);
      const filing = (body: { checklist: Array<{ key: string; dueOn: string }> }) =>
        body.checklist.find((item) => item.key === 'temporary_activity_filing')!.dueOn;
      expect(filing(before.body)).toBe('2027-07-18');
      const moved = await app
        .http()
        .patch(`/api/v1/placements/${id}`)
        .set(as(coordinator.token))
        .send({ startsOn: '2027-08-09', endsOn: '2027-09-19' })
        .expect(200);
      expect(filing(moved.body)).toBe('2027-07-25');
      const reports: Array<{ kind: string; due_on: string }> = await app.dataSource.query(
        `SELECT kind, due_on::text FROM participant_reports WHERE placement_id = $1 ORDER BY kind`,
        [id],
      );
      // Enum order: midterm first.
      expect(reports).toEqual([
        { kind: 'midterm', due_on: '2027-08-29' },
        { kind: 'final', due_on: '2027-10-03' },
      ]);
    });
  });

  describe('the calendar job and other workers', () => {
    it('leaves, and does not count, a placement another worker holds', async () => {
      const { id } = await aPlacementIn('in_progress');
      const other = app.dataSource.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      try {
        await other.query(`SELECT id FROM placements WHERE id = $1 FOR UPDATE`, [id]);
        // Every other finished placement is this run's to complete; the held one is not, nor counted.
        const [{ others }] = await app.dataSource.query(
          `SELECT count(*)::int AS others FROM placements WHERE status = 'in_progress' AND id <> $1`,
          [id],
        );
        const counts = await app.get(PlacementsService).advanceByCalendar('2099-01-01');
        expect(counts.completed).toBe(others);
      } finally {
        await other.rollbackTransaction();
        await other.release();
      }
      expect((await getPlacement(id).expect(200)).body.status).toBe('in_progress');
    });
  });

  describe('audit trail', () => {
    it('records the whole history of a placement in order: creation, changes, each transition and each tick', async () => {
      const { id, person } = await aPlacementIn('proposed');
      await patchPlacement(id, { mentorName: 'Chen Jing' }).expect(200);
      await move(id, { to: 'accepted' }, person.token).expect(200);
      await move(id, { to: 'confirmed' }).expect(200);
      await tick(id, 'visa', { done: true }, person.token).expect(200);
      await tick(id, 'visa', { done: false }).expect(200);
      for (const key of CHINA_CHECKLIST) await tick(id, key, { done: true }).expect(200);
      await move(id, { to: 'in_progress' }).expect(200);
      await move(id, { to: 'cancelled', reason: 'Family emergency' }).expect(200);

      const { body } = await auditOf(id);
      expect(body.total).toBe(15);
      expect(body.items.map((event: { action: string }) => event.action)).toEqual([
        'placement.created',
        'placement.updated',
        'placement.transitioned',
        'placement.transitioned',
        'placement.checklist_ticked',
        'placement.checklist_ticked',
        ...CHINA_CHECKLIST.map(() => 'placement.checklist_ticked'),
        'placement.transitioned',
        'placement.transitioned',
      ]);
      const [created, updated, accepted, confirmed, ticked, reopened] = body.items;
      expect(created).toMatchObject({
        actorId: coordinator.userId,
        entityType: 'placement',
        entityId: id,
        changes: { status: { before: null, after: 'proposed' }, hostOrganisationId: { before: null } },
      });
      expect(updated.changes.mentorName).toEqual({ before: null, after: 'Chen Jing' });
      expect(accepted).toMatchObject({
        actorId: person.userId,
        changes: { status: { before: 'proposed', after: 'accepted' } },
      });
      expect(confirmed).toMatchObject({
        actorId: coordinator.userId,
        changes: { status: { before: 'accepted', after: 'confirmed' } },
      });
      expect(ticked).toMatchObject({
        actorId: person.userId,
        changes: { 'checklist.visa': { before: false, after: true } },
      });
      expect(reopened).toMatchObject({
        actorId: coordinator.userId,
        changes: { 'checklist.visa': { before: true, after: false } },
      });
      expect(body.items.slice(6, 13).map((event: { changes: object }) => Object.keys(event.changes)[0])).toEqual(
        CHINA_CHECKLIST.map((key) => `checklist.${key}`),
      );
      expect(body.items.slice(13).map((event: { changes: object }) => event.changes)).toEqual([
        { status: { before: 'confirmed', after: 'in_progress' } },
        { status: { before: 'in_progress', after: 'cancelled' }, reason: { before: null, after: 'Family emergency' } },
      ]);
      const times = body.items.map((event: { occurredAt: string }) => Date.parse(event.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });
  });

  describe('matching', () => {
    it('applying a run makes proposed placements that carry a twinning pair and their grant', async () => {
      const cohort = await aCohort(app, { status: 'open' });
      const berlin = await anOrganisation(app, { region: 'EU', hostingCapacity: 1 });
      const chengdu = await anOrganisation(app, { region: 'CN', hostingCapacity: 1 });
      const partner = await anOrganisation(app, { region: 'CN', hostingCapacity: 1 });
      const people = [
        await applicant(cohort, berlin, { preferredHostIds: [chengdu.id] }),
        await applicant(cohort, chengdu, { preferredHostIds: [berlin.id] }),
        await applicant(cohort, await anOrganisation(app, { region: 'EU' }), {
          kind: 'joint',
          partnerOrganisationId: partner.id,
          exchangeTopic: 'Urban waste pickers and recycling cooperatives',
        }),
      ];
      await moveCohort(cohort.id, 'matching');

      const runs = app.get(MatchingRunsService);
      const run = await runs.create(cohort.id, { algorithm: 'optimal' }, coordinator.userId);
      await runs.execute(run.id);
      const { placements } = await runs.apply(run.id, coordinator.userId);
      expect(placements).toBe(3);

      const list = await app
        .http()
        .get('/api/v1/placements')
        .query({ cohortId: cohort.id, pageSize: 100 })
        .set(as(coordinator.token))
        .expect(200);
      expect(list.body.total).toBe(3);
      expect(sorted(list.body.items.map((item: { participant: { id: string } }) => item.participant.id))).toEqual(
        sorted(people.map((person) => person.staff.id)),
      );
      const pairs = new Map<
        string,
        { origin: string; exchangeTopic: string | null; organisations: Array<{ id: string }> }
      >((await pairsOf(cohort.id).expect(200)).body.map((pair: { id: string }) => [pair.id, pair]));
      for (const item of list.body.items) {
        expect(item).toMatchObject({ status: 'proposed', matchingRunId: run.id, matchScore: expect.any(Number) });
        const pair = pairs.get(item.twinningPairId)!;
        expect(pair).toBeDefined();
        expect(sorted(pair.organisations.map((organisation) => organisation.id))).toEqual(
          sorted([item.participant.organisationId, item.host.id]),
        );
        const days = (Date.parse(item.endsOn) - Date.parse(item.startsOn)) / 86_400_000 + 1;
        const { grant } = item;
        expect(grant.days).toBe(days);
        expect(grant.dailyAllowance.rate).toEqual(item.host.region === 'CN' ? eur(6_000) : eur(8_000));
        expect(grant.total.amountMinor).toBe(
          grant.dailyAllowance.amount.amountMinor +
            grant.travel.amount.amountMinor +
            grant.visa.amountMinor +
            grant.insurance.amountMinor,
        );
        expect(item.grantFrozen).toBe(false);
      }
      const joint = list.body.items.find(
        (item: { participant: { id: string } }) => item.participant.id === people[2].staff.id,
      );
      expect(joint.host.id).toBe(partner.id);
      // The joint application made its pair first; the run's placement joins it.
      expect(pairs.get(joint.twinningPairId)).toMatchObject({
        origin: 'joint_application',
        exchangeTopic: 'Urban waste pickers and recycling cooperatives',
      });
      for (const item of list.body.items.filter((candidate: { id: string }) => candidate.id !== joint.id)) {
        expect(pairs.get(item.twinningPairId)!.origin).toBe('matching_run');
      }
    });
  });
});
