import { DEFAULT_REPORT_QUESTIONS } from '../src/cohorts/grant-rules';
import { as, expectInvalid, expectProblem, idsOf } from './support/http';
import { aParticipantWithPlacement as aPlacedParticipant, movePlacement } from './support/placement-world';
import { TestApp } from './support/test-app';

interface Report {
  id: string;
  placementId: string;
  kind: 'midterm' | 'final';
  dueOn: string;
  status: string;
  questions: string[];
  answers: Array<{ question: string; answer: string }>;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
}

describe('Participant reports (HTTP)', () => {
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

  const list = (token: string, query: Record<string, string | number> = {}) =>
    app.http().get('/api/v1/participant-reports').query(query).set(as(token));
  const read = (token: string, id: string) => app.http().get(`/api/v1/participant-reports/${id}`).set(as(token));
  const submit = (token: string, id: string, answers: unknown) =>
    app.http().post(`/api/v1/participant-reports/${id}/submission`).set(as(token)).send({ answers });
  const review = (token: string, id: string, payload: object) =>
    app.http().post(`/api/v1/participant-reports/${id}/review`).set(as(token)).send(payload);

  /** The midterm and final reports of a placement, as its participant sees them. */
  async function reportsOf(token: string, placementId: string): Promise<Record<'midterm' | 'final', Report>> {
    const response = await list(token, { placementId }).expect(200);
    const items = response.body.items as Report[];
    return {
      midterm: items.find((report) => report.kind === 'midterm')!,
      final: items.find((report) => report.kind === 'final')!,
    };
  }

  const answersFor = (questions: string[]) => questions.map((_, index) => `Answer number ${index + 1}.`);

  describe('made on confirmation', () => {
    it('makes no report before the placement is confirmed, then exactly a midterm and a final one', async () => {
      const { participant, placementId } = await aParticipantWithPlacement({ until: 'accepted' });
      expect((await list(coordinator.token, { placementId }).expect(200)).body).toMatchObject({ total: 0, items: [] });
      await moveTo(coordinator.token, placementId, 'confirmed').expect(200);
      const response = await list(participant.token, { placementId }).expect(200);
      expect(response.body.total).toBe(2);
      expect(response.body.items).toEqual([
        {
          id: expect.any(String),
          placementId,
          kind: 'midterm',
          dueOn: '2027-08-22',
          status: 'due',
          questions: DEFAULT_REPORT_QUESTIONS.midterm,
          answers: [],
          submittedAt: null,
          reviewedAt: null,
          reviewComment: null,
        },
        {
          id: expect.any(String),
          placementId,
          kind: 'final',
          dueOn: '2027-09-26',
          status: 'due',
          questions: DEFAULT_REPORT_QUESTIONS.final,
          answers: [],
          submittedAt: null,
          reviewedAt: null,
          reviewComment: null,
        },
      ]);
      const midterm = await read(participant.token, response.body.items[0].id).expect(200);
      expect(midterm.body).toEqual(response.body.items[0]);
      const asCoordinator = await list(coordinator.token, { placementId }).expect(200);
      expect(asCoordinator.body.items).toEqual(response.body.items);
    });

    it('puts the midterm at the midpoint of another placement and the final 14 days after its end', async () => {
      // 2027-08-05 … 2027-09-20: 46 days from start to end, the midpoint 23 days in; the final falls in October.
      const { participant, placementId } = await aParticipantWithPlacement({
        startsOn: '2027-08-05',
        endsOn: '2027-09-20',
      });
      const { midterm, final } = await reportsOf(participant.token, placementId);
      expect(midterm.dueOn).toBe('2027-08-28');
      expect(final.dueOn).toBe('2027-10-04');
    });

    it("asks the cohort's own questions when the cohort has them", async () => {
      const reportQuestions = {
        midterm: ['How is the work with your mentor going?'],
        final: ['What will you do differently at home?', 'Whom would you recommend the programme to?'],
      };
      const { participant, placementId } = await aParticipantWithPlacement({ reportQuestions });
      const { midterm, final } = await reportsOf(participant.token, placementId);
      expect(midterm.questions).toEqual(reportQuestions.midterm);
      expect(final.questions).toEqual(reportQuestions.final);
      const submitted = await submit(participant.token, final.id, ['Plan the week with the team.', 'My colleague Li.']);
      expect(submitted.status).toBe(200);
      expect(submitted.body.answers).toEqual([
        { question: reportQuestions.final[0], answer: 'Plan the week with the team.' },
        { question: reportQuestions.final[1], answer: 'My colleague Li.' },
      ]);
    });
  });

  describe('POST /participant-reports/:id/submission', () => {
    it('submits the answers, each paired with its question', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      const answers = answersFor(DEFAULT_REPORT_QUESTIONS.midterm);
      const response = await submit(participant.token, midterm.id, answers).expect(200);
      expect(response.body).toEqual({
        ...midterm,
        status: 'submitted',
        answers: DEFAULT_REPORT_QUESTIONS.midterm.map((question, index) => ({ question, answer: answers[index] })),
        submittedAt: expect.any(String),
      });
      expect((await read(participant.token, midterm.id).expect(200)).body).toEqual(response.body);
      const { final } = await reportsOf(participant.token, placementId);
      expect(final.status).toBe('due');
    });

    it('refuses the wrong number of answers (400 naming answers)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm, final } = await reportsOf(participant.token, placementId);
      const three = answersFor(DEFAULT_REPORT_QUESTIONS.midterm);
      expectInvalid(await submit(participant.token, midterm.id, three.slice(0, 2)), 'answers');
      expectInvalid(await submit(participant.token, midterm.id, [...three, 'One too many.']), 'answers');
      expectInvalid(await submit(participant.token, midterm.id, []), 'answers');
      expectInvalid(await submit(participant.token, final.id, three), 'answers');
      expect((await read(participant.token, midterm.id).expect(200)).body).toMatchObject({
        status: 'due',
        answers: [],
      });
    });

    it('refuses answers that are not a list of non-empty texts (400 naming answers)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      for (const answers of [undefined, null, 'all good', ['Fine.', '', 'Fine.'], ['Fine.', 2, 'Fine.']]) {
        expectInvalid(await submit(participant.token, midterm.id, answers), 'answers');
      }
      expect((await read(participant.token, midterm.id).expect(200)).body.status).toBe('due');
    });

    it('refuses a second submission (409 illegal-transition, nothing allowed)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      const first = await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      const again = await submit(participant.token, midterm.id, ['Other.', 'Other.', 'Other.']);
      expectProblem(again, 409, '/problems/illegal-transition');
      expect(again.body).toMatchObject({ from: 'submitted', to: 'submitted', allowed: [] });
      expect((await read(participant.token, midterm.id).expect(200)).body.answers).toEqual(first.body.answers);
    });

    it('refuses to submit a report of a cancelled or declined placement (422 placement-ended)', async () => {
      const cancelled = await aParticipantWithPlacement();
      const declined = await aParticipantWithPlacement();
      await moveTo(coordinator.token, cancelled.placementId, 'cancelled', 'Visa refused').expect(200);
      await moveTo(declined.participant.token, declined.placementId, 'declined').expect(200);
      for (const { participant, placementId } of [cancelled, declined]) {
        const { midterm } = await reportsOf(participant.token, placementId);
        const response = await submit(participant.token, midterm.id, answersFor(midterm.questions));
        expectProblem(response, 422, '/problems/placement-ended');
        expect((await read(participant.token, midterm.id).expect(200)).body.status).toBe('due');
      }
    });
  });

  describe('POST /participant-reports/:id/review', () => {
    it('returns a report with a comment, takes it again from the participant, and accepts it', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { final } = await reportsOf(participant.token, placementId);
      await submit(participant.token, final.id, answersFor(final.questions)).expect(200);

      const returned = await review(coordinator.token, final.id, {
        decision: 'returned',
        comment: 'Please say how many people the workshops reached.',
      }).expect(200);
      expect(returned.body).toMatchObject({
        status: 'returned',
        reviewComment: 'Please say how many people the workshops reached.',
        reviewedAt: expect.any(String),
      });
      expect((await read(participant.token, final.id).expect(200)).body.status).toBe('returned');

      const revised = [...answersFor(final.questions).slice(0, 3), 'About 240 people in four villages.'];
      const resubmitted = await submit(participant.token, final.id, revised).expect(200);
      expect(resubmitted.body.status).toBe('submitted');
      expect(resubmitted.body.answers[3]).toEqual({ question: final.questions[3], answer: revised[3] });

      const accepted = await review(coordinator.token, final.id, { decision: 'accepted' }).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', reviewedAt: expect.any(String) });
      expect((await read(participant.token, final.id).expect(200)).body.status).toBe('accepted');
    });

    it('refuses to return a report without a comment (400 naming comment)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      expectInvalid(await review(coordinator.token, midterm.id, { decision: 'returned' }), 'comment');
      expectInvalid(await review(coordinator.token, midterm.id, { decision: 'returned', comment: '' }), 'comment');
      expect((await read(participant.token, midterm.id).expect(200)).body.status).toBe('submitted');
    });

    it('refuses an unknown decision (400 naming decision)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      expectInvalid(await review(coordinator.token, midterm.id, { decision: 'maybe' }), 'decision');
      expectInvalid(await review(coordinator.token, midterm.id, {}), 'decision');
    });

    it('refuses to review a report that is not submitted (409 illegal-transition)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      const due = await review(coordinator.token, midterm.id, { decision: 'accepted' });
      expectProblem(due, 409, '/problems/illegal-transition');
      expect(due.body).toMatchObject({ from: 'due', to: 'accepted', allowed: [] });
      expect((await read(participant.token, midterm.id).expect(200)).body.status).toBe('due');

      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      await review(coordinator.token, midterm.id, { decision: 'accepted' }).expect(200);
      const twice = await review(coordinator.token, midterm.id, { decision: 'returned', comment: 'Too late.' });
      expectProblem(twice, 409, '/problems/illegal-transition');
      expect(twice.body).toMatchObject({ from: 'accepted', allowed: [] });
      const resubmit = await submit(participant.token, midterm.id, answersFor(midterm.questions));
      expectProblem(resubmit, 409, '/problems/illegal-transition');
      expect(resubmit.body).toMatchObject({ from: 'accepted', allowed: [] });
    });

    it('refuses a participant reviewing, even their own report (403)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      expectProblem(await review(participant.token, midterm.id, { decision: 'accepted' }), 403, '/problems/forbidden');
      expect((await read(participant.token, midterm.id).expect(200)).body.status).toBe('submitted');
    });
  });

  describe('who may see what', () => {
    it("keeps another participant's reports out of reach: reading and submitting are 404", async () => {
      const a = await aParticipantWithPlacement();
      const b = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(a.participant.token, a.placementId);
      expectProblem(await read(b.participant.token, midterm.id), 404, '/problems/not-found');
      expectProblem(
        await submit(b.participant.token, midterm.id, answersFor(midterm.questions)),
        404,
        '/problems/not-found',
      );
      expect((await read(a.participant.token, midterm.id).expect(200)).body.status).toBe('due');
    });

    it("never lists another participant's reports", async () => {
      const a = await aParticipantWithPlacement();
      const b = await aParticipantWithPlacement();
      const own = await reportsOf(b.participant.token, b.placementId);
      const all = await list(b.participant.token, { pageSize: 100 }).expect(200);
      expect(all.body.total).toBe(2);
      expect(idsOf(all)).toEqual([own.midterm.id, own.final.id]);
      const theirs = await list(b.participant.token, { placementId: a.placementId }).expect(200);
      expect(theirs.body).toMatchObject({ items: [], total: 0 });
    });

    it('lets coordinators read every report and filter by placement, status and kind', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm, final } = await reportsOf(participant.token, placementId);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      expect((await read(coordinator.token, final.id).expect(200)).body).toEqual(final);
      const submitted = await list(coordinator.token, { placementId, status: 'submitted' }).expect(200);
      expect(idsOf(submitted)).toEqual([midterm.id]);
      const finals = await list(coordinator.token, { placementId, kind: 'final' }).expect(200);
      expect(idsOf(finals)).toEqual([final.id]);
      const latestFirst = await list(coordinator.token, { placementId, sort: '-dueOn' }).expect(200);
      expect(idsOf(latestFirst)).toEqual([final.id, midterm.id]);
    });

    it('refuses bad list queries (400 naming the parameter)', async () => {
      const cases: Array<[Record<string, string | number>, string]> = [
        [{ sort: 'kind' }, 'sort'],
        [{ pageSize: 1000 }, 'pageSize'],
        [{ status: 'late' }, 'status'],
        [{ kind: 'weekly' }, 'kind'],
        [{ placementId: 'nope' }, 'placementId'],
      ];
      for (const [query, field] of cases) {
        expectInvalid(await list(coordinator.token, query), field);
      }
    });

    it('refuses reviewers and funders (403)', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      for (const role of ['reviewer', 'funder'] as const) {
        const { token } = await app.signIn(role);
        expectProblem(await list(token), 403, '/problems/forbidden');
        expectProblem(await read(token, midterm.id), 403, '/problems/forbidden');
        expectProblem(await submit(token, midterm.id, answersFor(midterm.questions)), 403, '/problems/forbidden');
        expectProblem(await review(token, midterm.id, { decision: 'accepted' }), 403, '/problems/forbidden');
      }
    });
  });

  describe('audit trail', () => {
    it('records each submission and review with who made it', async () => {
      const { participant, placementId } = await aParticipantWithPlacement();
      const { midterm } = await reportsOf(participant.token, placementId);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      await review(coordinator.token, midterm.id, { decision: 'returned', comment: 'Say more.' }).expect(200);
      await submit(participant.token, midterm.id, answersFor(midterm.questions)).expect(200);
      await review(coordinator.token, midterm.id, { decision: 'accepted' }).expect(200);
      const events = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityId: midterm.id, sort: 'occurredAt' })
        .set(as(coordinator.token))
        .expect(200);
      const trail = (
        events.body.items as Array<{
          action: string;
          actorId: string;
          entityType: string;
          changes: { status: { before: string; after: string } };
        }>
      ).map((event) => [event.action, event.actorId, event.entityType, event.changes.status]);
      expect(trail).toEqual([
        [
          'participant_report.submitted',
          participant.userId,
          'participant_report',
          { before: 'due', after: 'submitted' },
        ],
        [
          'participant_report.returned',
          coordinator.userId,
          'participant_report',
          { before: 'submitted', after: 'returned' },
        ],
        [
          'participant_report.submitted',
          participant.userId,
          'participant_report',
          { before: 'returned', after: 'submitted' },
        ],
        [
          'participant_report.accepted',
          coordinator.userId,
          'participant_report',
          { before: 'submitted', after: 'accepted' },
        ],
      ]);
    });
  });
});
