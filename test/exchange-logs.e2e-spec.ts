import { addDays, utcDate } from '../src/common/time';
import { as, expectInvalid, expectProblem, fieldsOf, idsOf } from './support/http';
import { aParticipantWithPlacement as aPlacedParticipant, movePlacement } from './support/placement-world';
import { TestApp } from './support/test-app';

describe('Exchange logs (HTTP)', () => {
  let app: TestApp;
  let coordinator: { token: string; userId: string };

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.signIn('coordinator');
  });

  afterAll(() => app.close());

  const moveTo = (token: string, placementId: string, to: string, reason?: string) =>
    movePlacement(app, token, placementId, to, reason);

  const aParticipantWithPlacement = (options: Parameters<typeof aPlacedParticipant>[2] = {}) =>
    aPlacedParticipant(app, coordinator.token, options);

  const body = (placementId: string, overrides: object = {}) => ({
    placementId,
    loggedOn: '2027-08-05',
    hours: 6.5,
    activityType: 'field_visit',
    title: 'Field visit to the river monitoring stations',
    description: 'Walked the upstream stations with the host team.',
    learningOutcomes: 'How volunteers calibrate the turbidity sensors.',
    ...overrides,
  });

  const create = (token: string, payload: object) =>
    app.http().post('/api/v1/exchange-logs').set(as(token)).send(payload);
  const read = (token: string, id: string) => app.http().get(`/api/v1/exchange-logs/${id}`).set(as(token));
  const patch = (token: string, id: string, payload: object) =>
    app.http().patch(`/api/v1/exchange-logs/${id}`).set(as(token)).send(payload);
  const remove = (token: string, id: string) => app.http().delete(`/api/v1/exchange-logs/${id}`).set(as(token));
  const list = (token: string, query: Record<string, string | number> = {}) =>
    app.http().get('/api/v1/exchange-logs').query(query).set(as(token));

  /** A log written through the API by the participant; its id. */
  const aLog = async (token: string, placementId: string, overrides: object = {}) =>
    (await create(token, body(placementId, overrides)).expect(201)).body.id as string;

  /** Moves a placement's dates straight in the table, so that today falls where a test needs it. */
  const setDates = (placementId: string, startsOn: string, endsOn: string) =>
    app.dataSource.query(`UPDATE placements SET starts_on = $2, ends_on = $3 WHERE id = $1`, [
      placementId,
      startsOn,
      endsOn,
    ]);

  describe('POST /exchange-logs', () => {
    it('lets a participant log a day of their own confirmed placement', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const response = await create(participant.token, body(placementId)).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        placementId,
        loggedOn: '2027-08-05',
        hours: 6.5,
        activityType: 'field_visit',
        title: 'Field visit to the river monitoring stations',
        description: 'Walked the upstream stations with the host team.',
        learningOutcomes: 'How volunteers calibrate the turbidity sensors.',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const again = await read(participant.token, response.body.id).expect(200);
      expect(again.body).toEqual(response.body);
    });

    it('leaves description and learning outcomes empty when they are not given', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const response = await create(participant.token, {
        placementId,
        loggedOn: '2027-08-03',
        hours: 2,
        activityType: 'meeting',
        title: 'Welcome meeting',
      }).expect(201);
      expect(response.body).toMatchObject({ description: '', learningOutcomes: '', hours: 2 });
    });

    it('takes logs while the placement is in progress', async () => {
      const { participant, placementId } = await aParticipantWithPlacement({ until: 'in_progress' });
      const response = await create(participant.token, body(placementId, { hours: 0.5 })).expect(201);
      expect(response.body).toMatchObject({ placementId, hours: 0.5 });
    });

    it('takes the first and the last day of the placement', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      await create(participant.token, body(placementId, { loggedOn: '2027-08-02' })).expect(201);
      await create(participant.token, body(placementId, { loggedOn: '2027-09-12', hours: 16 })).expect(201);
    });

    it('refuses a day outside the placement (422 naming loggedOn)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      for (const loggedOn of ['2027-08-01', '2027-09-13']) {
        const response = await create(participant.token, body(placementId, { loggedOn }));
        expectProblem(response, 422, '/problems/log-outside-placement');
        expect(fieldsOf(response.body)).toEqual(['loggedOn']);
      }
      expect((await list(participant.token, { placementId }).expect(200)).body.total).toBe(0);
    });

    it('refuses hours under half an hour, over sixteen, or not a number (400 naming hours)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      for (const hours of [0.25, 16.5, 'six', 0, -2, 1.125]) {
        expectInvalid(await create(participant.token, body(placementId, { hours })), 'hours');
      }
      expect((await list(participant.token, { placementId }).expect(200)).body.total).toBe(0);
    });

    it('refuses a bad date, an unknown activity type, an empty title and unknown fields (400 naming each)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const cases: Array<[object, string]> = [
        [{ loggedOn: '2027-02-30' }, 'loggedOn'],
        [{ loggedOn: 'yesterday' }, 'loggedOn'],
        [{ activityType: 'sightseeing' }, 'activityType'],
        [{ title: '' }, 'title'],
        [{ title: undefined }, 'title'],
        [{ placementId: 'not-a-uuid' }, 'placementId'],
        [{ description: null }, 'description'],
        [{ mood: 'great' }, 'mood'],
      ];
      for (const [overrides, field] of cases) {
        expectInvalid(await create(participant.token, body(placementId, overrides)), field);
      }
    });

    it("refuses a day's total over 24 hours (422 daily-hours-exceeded naming hours)", async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      await aLog(participant.token, placementId, { loggedOn: '2027-08-10', hours: 16 });
      await aLog(participant.token, placementId, { loggedOn: '2027-08-10', hours: 8 });
      const response = await create(participant.token, body(placementId, { loggedOn: '2027-08-10', hours: 0.5 }));
      expectProblem(response, 422, '/problems/daily-hours-exceeded');
      expect(fieldsOf(response.body)).toEqual(['hours']);
      // Another day is not affected.
      await create(participant.token, body(placementId, { loggedOn: '2027-08-11', hours: 16 })).expect(201);
      const day = await list(participant.token, { placementId, from: '2027-08-10', to: '2027-08-10' }).expect(200);
      expect(day.body.total).toBe(2);
    });

    it('refuses logs before the placement is confirmed (422 logs-closed)', async () => {
      for (const until of ['proposed', 'accepted'] as const) {
        const { participant, placementId } = await aParticipantWithPlacement({ until });
        expectProblem(await create(participant.token, body(placementId)), 422, '/problems/logs-closed');
      }
    });

    it('keeps logs open for 14 days after a completed placement ends', async () => {
      const { participant, placementId } = await aParticipantWithPlacement({ until: 'completed' });
      const endsOn = addDays(utcDate(), -14);
      await setDates(placementId, addDays(endsOn, -30), endsOn);
      const id = await aLog(participant.token, placementId, { loggedOn: endsOn, hours: 3 });
      await patch(participant.token, id, { hours: 4 }).expect(200);
      await remove(participant.token, id).expect(204);
    });

    it('closes the logs of a completed placement 15 days after its end, for writing, editing and deleting', async () => {
      const { participant, placementId } = await aParticipantWithPlacement({ until: 'completed' });
      const endsOn = addDays(utcDate(), -15);
      await setDates(placementId, addDays(endsOn, -30), addDays(endsOn, 1));
      const id = await aLog(participant.token, placementId, { loggedOn: endsOn, hours: 3 });
      await setDates(placementId, addDays(endsOn, -30), endsOn);
      expectProblem(
        await create(participant.token, body(placementId, { loggedOn: endsOn })),
        422,
        '/problems/logs-closed',
      );
      expectProblem(await patch(participant.token, id, { hours: 4 }), 422, '/problems/logs-closed');
      expectProblem(await remove(participant.token, id), 422, '/problems/logs-closed');
      const kept = await read(participant.token, id).expect(200);
      expect(kept.body).toMatchObject({ hours: 3, loggedOn: endsOn });
    });

    it('closes the logs of a declined or cancelled placement, for writing, editing and deleting', async () => {
      const declined = await aParticipantWithPlacement();
      const cancelled = await aParticipantWithPlacement();
      const declinedLog = await aLog(declined.participant.token, declined.placementId);
      const cancelledLog = await aLog(cancelled.participant.token, cancelled.placementId);
      await moveTo(declined.participant.token, declined.placementId, 'declined').expect(200);
      await moveTo(coordinator.token, cancelled.placementId, 'cancelled', 'The host closed its office').expect(200);
      for (const [{ participant, placementId }, id] of [
        [declined, declinedLog],
        [cancelled, cancelledLog],
      ] as const) {
        expectProblem(await create(participant.token, body(placementId)), 422, '/problems/logs-closed');
        expectProblem(await patch(participant.token, id, { title: 'Changed' }), 422, '/problems/logs-closed');
        expectProblem(await remove(participant.token, id), 422, '/problems/logs-closed');
        expect((await read(participant.token, id).expect(200)).body.title).toBe(body(placementId).title);
      }
    });

    it("refuses a log on another participant's placement as if it did not exist (404)", async () => {
      const a = await aParticipantWithPlacement();
      const b = await aParticipantWithPlacement();
      expectProblem(await create(b.participant.token, body(a.placementId)), 404, '/problems/not-found');
      expect((await list(coordinator.token, { placementId: a.placementId }).expect(200)).body.total).toBe(0);
    });

    it('creates one log for one Idempotency-Key sent twice', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const key = `log-${placementId}`;
      const send = () =>
        app
          .http()
          .post('/api/v1/exchange-logs')
          .set({ ...as(participant.token), 'idempotency-key': key })
          .send(body(placementId, { hours: 9 }));
      const first = await send().expect(201);
      const second = await send().expect(201);
      expect(second.body.id).toBe(first.body.id);
      expect((await list(participant.token, { placementId }).expect(200)).body.total).toBe(1);
    });

    it('lets only one of two simultaneous 13-hour logs for the same day through', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const payload = body(placementId, { loggedOn: '2027-08-20', hours: 13 });
      const responses = await Promise.all([create(participant.token, payload), create(participant.token, payload)]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 422]);
      expectProblem(
        responses.find((response) => response.status === 422)!,
        422,
        '/problems/daily-hours-exceeded',
      );
      const day = await list(participant.token, { placementId, from: '2027-08-20', to: '2027-08-20' }).expect(200);
      expect(day.body.total).toBe(1);
      expect(day.body.items[0].hours).toBe(13);
    });
  });

  describe('PATCH /exchange-logs/:id', () => {
    it('lets the participant change their log', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      const response = await patch(participant.token, id, {
        loggedOn: '2027-08-06',
        hours: 7.25,
        activityType: 'workshop',
        title: 'Workshop on sensor data',
      }).expect(200);
      expect(response.body).toMatchObject({
        id,
        placementId,
        loggedOn: '2027-08-06',
        hours: 7.25,
        activityType: 'workshop',
        title: 'Workshop on sensor data',
        description: body(placementId).description,
      });
      expect((await read(participant.token, id).expect(200)).body).toEqual(response.body);
    });

    it('counts the other logs of the day, not the log itself, when one is edited', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const first = await aLog(participant.token, placementId, { loggedOn: '2027-08-12', hours: 10 });
      await aLog(participant.token, placementId, { loggedOn: '2027-08-12', hours: 10 });
      const fits = await patch(participant.token, first, { hours: 14 }).expect(200);
      expect(fits.body.hours).toBe(14);
      const tooMuch = await patch(participant.token, first, { hours: 14.5 });
      expectProblem(tooMuch, 422, '/problems/daily-hours-exceeded');
      expect(fieldsOf(tooMuch.body)).toEqual(['hours']);
      expect((await read(participant.token, first).expect(200)).body.hours).toBe(14);
    });

    it("counts the new day's logs when a log moves to another day", async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      await aLog(participant.token, placementId, { loggedOn: '2027-08-14', hours: 16 });
      const moving = await aLog(participant.token, placementId, { loggedOn: '2027-08-15', hours: 9 });
      const response = await patch(participant.token, moving, { loggedOn: '2027-08-14' });
      expectProblem(response, 422, '/problems/daily-hours-exceeded');
      expect(fieldsOf(response.body)).toEqual(['hours']);
      await patch(participant.token, moving, { loggedOn: '2027-08-14', hours: 8 }).expect(200);
    });

    it('refuses a day outside the placement (422 naming loggedOn) and bad hours (400 naming hours)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      const outside = await patch(participant.token, id, { loggedOn: '2027-09-13' });
      expectProblem(outside, 422, '/problems/log-outside-placement');
      expect(fieldsOf(outside.body)).toEqual(['loggedOn']);
      for (const hours of [0.25, 16.5, 'six', null]) {
        expectInvalid(await patch(participant.token, id, { hours }), 'hours');
      }
      expectInvalid(await patch(participant.token, id, { loggedOn: null }), 'loggedOn');
      expectInvalid(await patch(participant.token, id, { placementId }), 'placementId');
      expect((await read(participant.token, id).expect(200)).body).toMatchObject({
        loggedOn: '2027-08-05',
        hours: 6.5,
      });
    });
  });

  describe('DELETE /exchange-logs/:id', () => {
    it('lets the participant delete their log', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      const kept = await aLog(participant.token, placementId, { loggedOn: '2027-08-06' });
      await remove(participant.token, id).expect(204);
      expectProblem(await read(participant.token, id), 404, '/problems/not-found');
      expect(idsOf(await list(participant.token, { placementId }).expect(200))).toEqual([kept]);
      expectProblem(await remove(participant.token, id), 404, '/problems/not-found');
    });

    it('answers racing deletes and edits of one log with one success and 404s, never a 500', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      for (let round = 0; round < 5; round++) {
        const id = await aLog(participant.token, placementId, { loggedOn: '2027-08-10' });
        const answers = await Promise.all([
          remove(participant.token, id),
          remove(participant.token, id),
          patch(participant.token, id, { hours: 2 }),
        ]);
        const deletes = answers
          .slice(0, 2)
          .map((answer) => answer.status)
          .sort();
        expect(deletes).toEqual([204, 404]);
        expect([200, 404]).toContain(answers[2].status);
        const [{ count }] = await app.dataSource.query(
          `SELECT count(*)::int AS count FROM audit_events WHERE action = 'exchange_log.deleted' AND entity_id = $1`,
          [id],
        );
        expect(count).toBe(1);
      }
    });
  });

  describe('who may do what', () => {
    it("keeps another participant's logs out of reach: reading, changing and deleting are 404", async () => {
      const a = await aParticipantWithPlacement();
      const b = await aParticipantWithPlacement();
      const id = await aLog(a.participant.token, a.placementId);
      expectProblem(await read(b.participant.token, id), 404, '/problems/not-found');
      expectProblem(await patch(b.participant.token, id, { hours: 1 }), 404, '/problems/not-found');
      expectProblem(await remove(b.participant.token, id), 404, '/problems/not-found');
      expect((await read(a.participant.token, id).expect(200)).body.hours).toBe(6.5);
    });

    it("never lists another participant's logs", async () => {
      const a = await aParticipantWithPlacement();
      const b = await aParticipantWithPlacement();
      await aLog(a.participant.token, a.placementId);
      await aLog(a.participant.token, a.placementId, { loggedOn: '2027-08-06' });
      const own = await aLog(b.participant.token, b.placementId);
      const all = await list(b.participant.token, { pageSize: 100 }).expect(200);
      expect(all.body).toMatchObject({ total: 1, page: 1, pageSize: 100 });
      expect(idsOf(all)).toEqual([own]);
      const theirs = await list(b.participant.token, { placementId: a.placementId }).expect(200);
      expect(theirs.body).toMatchObject({ items: [], total: 0 });
    });

    it('lets coordinators read every log', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      const response = await read(coordinator.token, id).expect(200);
      expect(response.body).toMatchObject({ id, placementId, hours: 6.5 });
    });

    it('refuses coordinators writing, changing or deleting logs (403)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      expectProblem(await create(coordinator.token, body(placementId)), 403, '/problems/forbidden');
      expectProblem(await patch(coordinator.token, id, { hours: 1 }), 403, '/problems/forbidden');
      expectProblem(await remove(coordinator.token, id), 403, '/problems/forbidden');
      expect((await read(coordinator.token, id).expect(200)).body.hours).toBe(6.5);
      expect((await list(coordinator.token, { placementId }).expect(200)).body.total).toBe(1);
    });

    it('refuses reviewers and funders everything (403)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      for (const role of ['reviewer', 'funder'] as const) {
        const { token } = await app.signIn(role);
        expectProblem(await list(token), 403, '/problems/forbidden');
        expectProblem(await read(token, id), 403, '/problems/forbidden');
        expectProblem(await create(token, body(placementId)), 403, '/problems/forbidden');
        expectProblem(await patch(token, id, { hours: 1 }), 403, '/problems/forbidden');
        expectProblem(await remove(token, id), 403, '/problems/forbidden');
      }
    });

    it('refuses a caller without a token (401)', async () => {
      expectProblem(await app.http().get('/api/v1/exchange-logs'), 401, '/problems/unauthenticated');
    });
  });

  describe('GET /exchange-logs', () => {
    async function aPlacementWithLogs() {
      const { participant, placementId } = await aParticipantWithPlacement();
      const logs = {
        early: await aLog(participant.token, placementId, {
          loggedOn: '2027-08-03',
          hours: 4,
          activityType: 'meeting',
        }),
        middle: await aLog(participant.token, placementId, {
          loggedOn: '2027-08-15',
          hours: 8,
          activityType: 'training',
        }),
        late: await aLog(participant.token, placementId, { loggedOn: '2027-09-01', hours: 2, activityType: 'meeting' }),
      };
      return { participant, placementId, logs };
    }

    it("filters a placement's logs by date range and activity type, sorted by day", async () => {
      const { placementId, logs } = await aPlacementWithLogs();
      const other = await aPlacementWithLogs();
      const all = await list(coordinator.token, { placementId }).expect(200);
      expect(all.body.total).toBe(3);
      expect(idsOf(all)).toEqual([logs.early, logs.middle, logs.late]);
      expect(idsOf(all)).not.toContain(other.logs.early);
      const from = await list(coordinator.token, { placementId, from: '2027-08-15' }).expect(200);
      expect(idsOf(from)).toEqual([logs.middle, logs.late]);
      const to = await list(coordinator.token, { placementId, to: '2027-08-15' }).expect(200);
      expect(idsOf(to)).toEqual([logs.early, logs.middle]);
      const range = await list(coordinator.token, { placementId, from: '2027-08-04', to: '2027-08-31' }).expect(200);
      expect(idsOf(range)).toEqual([logs.middle]);
      const meetings = await list(coordinator.token, { placementId, activityType: 'meeting' }).expect(200);
      expect(meetings.body.total).toBe(2);
      expect(idsOf(meetings)).toEqual([logs.early, logs.late]);
    });

    it('sorts by hours descending and by day descending, and pages', async () => {
      const { placementId, logs } = await aPlacementWithLogs();
      const byHours = await list(coordinator.token, { placementId, sort: '-hours' }).expect(200);
      expect(idsOf(byHours)).toEqual([logs.middle, logs.early, logs.late]);
      const byDay = await list(coordinator.token, { placementId, sort: '-loggedOn' }).expect(200);
      expect(idsOf(byDay)).toEqual([logs.late, logs.middle, logs.early]);
      const second = await list(coordinator.token, { placementId, pageSize: 2, page: 2 }).expect(200);
      expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(idsOf(second)).toEqual([logs.late]);
    });

    it('lets a participant filter their own logs the same way', async () => {
      const { participant, placementId, logs } = await aPlacementWithLogs();
      const response = await list(participant.token, { activityType: 'training' }).expect(200);
      expect(idsOf(response)).toEqual([logs.middle]);
      expect(response.body.items[0].placementId).toBe(placementId);
    });

    it('refuses an unknown sort, a page size over 100, bad dates, a range backwards and bad filters (400)', async () => {
      const cases: Array<[Record<string, string | number>, string]> = [
        [{ sort: 'title' }, 'sort'],
        [{ sort: '-placementId' }, 'sort'],
        [{ pageSize: 1000 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ from: '2027-13-01' }, 'from'],
        [{ from: '2027-08-15', to: '2027-08-01' }, 'to'],
        [{ activityType: 'party' }, 'activityType'],
        [{ placementId: 'nope' }, 'placementId'],
        [{ colour: 'blue' }, 'colour'],
      ];
      for (const [query, field] of cases) {
        expectInvalid(await list(coordinator.token, query), field);
      }
    });

    it('answers 400 for an id that is not a UUID', async () => {
      const { participant } = await aParticipantWithPlacement({ until: 'proposed' });
      expectProblem(await read(participant.token, 'not-a-uuid'), 400, '/problems/validation');
    });
  });

  describe('audit trail', () => {
    it('records exchange_log.created, .updated and .deleted with the participant as actor', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const id = await aLog(participant.token, placementId);
      await patch(participant.token, id, { hours: 7 }).expect(200);
      await remove(participant.token, id).expect(204);
      const events = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityId: id, sort: 'occurredAt' })
        .set(as(coordinator.token))
        .expect(200);
      expect(events.body.total).toBe(3);
      const byAction = Object.fromEntries(
        events.body.items.map((event: { action: string }) => [event.action, event]),
      ) as Record<string, { actorId: string; entityType: string; changes: Record<string, unknown> }>;
      expect(Object.keys(byAction).sort()).toEqual([
        'exchange_log.created',
        'exchange_log.deleted',
        'exchange_log.updated',
      ]);
      for (const event of Object.values(byAction)) {
        expect(event).toMatchObject({ actorId: participant.userId, entityType: 'exchange_log' });
      }
      expect(byAction['exchange_log.created'].changes).toMatchObject({
        placementId: { before: null, after: placementId },
        loggedOn: { before: null, after: '2027-08-05' },
      });
      expect(byAction['exchange_log.updated'].changes).toMatchObject({ hours: { before: 6.5, after: 7 } });
      expect(byAction['exchange_log.deleted'].changes).toMatchObject({
        loggedOn: { before: '2027-08-05', after: null },
      });
    });
  });
});
