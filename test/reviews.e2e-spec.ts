import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, fieldsOf, idsOf as ids, PROBLEM } from './support/http';
import { TestApp } from './support/test-app';

const scores = (organisationalCompatibility: unknown, workPlanQuality: unknown, applicantExperience: unknown) => ({
  organisationalCompatibility,
  workPlanQuality,
  applicantExperience,
});

describe('Reviews (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(() => app.close());

  const review = (token: string, applicationId: string, body: object) =>
    app.http().post(`/api/v1/applications/${applicationId}/reviews`).set(as(token)).send(body);

  const reviewsOf = (token: string, applicationId: string) =>
    app.http().get(`/api/v1/applications/${applicationId}/reviews`).set(as(token));

  const assignReviewers = (cohortId: string, userIds: string[]) =>
    app.http().put(`/api/v1/cohorts/${cohortId}/reviewers`).set(as(coordinator)).send({ userIds }).expect(200);

  const moveCohort = (cohortId: string, to: string) =>
    app.http().post(`/api/v1/cohorts/${cohortId}/transitions`).set(as(coordinator)).send({ to }).expect(200);

  const reviewRows = async (applicationId: string) =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM reviews WHERE application_id = $1`, [applicationId]))[0]
      .n as number;

  /**
   * An open cohort with one single application from an EU organisation preferring a CN host, and three
   * reviewers on its committee: one from an unrelated organisation, one from the applicant's own organisation
   * and one from the preferred host.
   */
  async function committee() {
    const cohort = await aCohort(app, { status: 'open' });
    const applicantOrganisation = await anOrganisation(app, { region: 'EU' });
    const host = await anOrganisation(app, { region: 'CN' });
    const unrelated = await anOrganisation(app, { region: 'EU' });
    const staff = await aStaffMember(app, { organisationId: applicantOrganisation.id });
    const application = await anApplication(app, {
      cohortId: cohort.id,
      staffId: staff.id,
      preferredHostIds: [host.id],
    });
    const reviewer = await app.signIn('reviewer', { organisationId: unrelated.id });
    const secondReviewer = await app.signIn('reviewer', { organisationId: unrelated.id });
    const colleague = await app.signIn('reviewer', { organisationId: applicantOrganisation.id });
    const hostReviewer = await app.signIn('reviewer', { organisationId: host.id });
    await assignReviewers(cohort.id, [reviewer.userId, secondReviewer.userId, colleague.userId, hostReviewer.userId]);
    return {
      cohort,
      applicantOrganisation,
      host,
      unrelated,
      staff,
      application,
      reviewer,
      secondReviewer,
      colleague,
      hostReviewer,
    };
  }

  describe('writing a review', () => {
    it('lets an assigned reviewer score an application and answers 201 with the mean of the three criteria', async () => {
      const { application, reviewer } = await committee();
      const response = await review(reviewer.token, application.id, {
        ...scores(4, 5, 4),
        comment: 'A well-prepared exchange.',
      }).expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        applicationId: application.id,
        reviewerId: reviewer.userId,
        organisationalCompatibility: 4,
        workPlanQuality: 5,
        applicantExperience: 4,
        // (4 + 5 + 4) / 3 = 4.333…
        average: 4.33,
        comment: 'A well-prepared exchange.',
      });
      expect(await reviewRows(application.id)).toBe(1);
    });

    it('stores an empty comment when none is given', async () => {
      const { application, reviewer } = await committee();
      const response = await review(reviewer.token, application.id, scores(3, 3, 3)).expect(201);
      expect(response.body).toMatchObject({ comment: '', average: 3 });
    });

    it('answers 409 review-exists to a second review by the same reviewer, and keeps the first', async () => {
      const { application, reviewer } = await committee();
      await review(reviewer.token, application.id, scores(4, 4, 4)).expect(201);
      const response = await review(reviewer.token, application.id, scores(1, 1, 1)).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/review-exists', status: 409 });
      const [row] = await app.dataSource.query(
        `SELECT organisational_compatibility AS oc FROM reviews WHERE application_id = $1`,
        [application.id],
      );
      expect(row.oc).toBe(4);
      expect(await reviewRows(application.id)).toBe(1);
    });

    it("lets a reviewer change their own review (200, average recomputed) but not someone else's (404)", async () => {
      const { application, reviewer, secondReviewer } = await committee();
      const created = await review(reviewer.token, application.id, scores(4, 4, 4)).expect(201);

      const changed = await app
        .http()
        .patch(`/api/v1/reviews/${created.body.id}`)
        .set(as(reviewer.token))
        .send({ workPlanQuality: 1, comment: 'The work plan is too vague.' })
        .expect(200);
      expect(changed.body).toMatchObject({
        id: created.body.id,
        organisationalCompatibility: 4,
        workPlanQuality: 1,
        applicantExperience: 4,
        // (4 + 1 + 4) / 3 = 3
        average: 3,
        comment: 'The work plan is too vague.',
      });

      for (const token of [secondReviewer.token, coordinator]) {
        const response = await app
          .http()
          .patch(`/api/v1/reviews/${created.body.id}`)
          .set(as(token))
          .send({ workPlanQuality: 5 })
          .expect(404);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      }
      const [row] = await app.dataSource.query(`SELECT work_plan_quality AS wpq FROM reviews WHERE id = $1`, [
        created.body.id,
      ]);
      expect(row.wpq).toBe(1);
    });

    it('lets a coordinator review an application too', async () => {
      const { application } = await committee();
      const response = await review(coordinator, application.id, scores(2, 3, 4)).expect(201);
      expect(response.body).toMatchObject({ applicationId: application.id, average: 3 });
    });
  });

  describe('conflict of interest', () => {
    it("refuses a reviewer from the applicant's own organisation with 403 and the reason", async () => {
      const { application, colleague } = await committee();
      const response = await review(colleague.token, application.id, scores(5, 5, 5)).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/conflict-of-interest', status: 403 });
      expect(response.body.detail).toMatch(/organisation is involved/i);
      expect(await reviewRows(application.id)).toBe(0);
    });

    it('refuses a reviewer from a preferred host organisation with 403', async () => {
      const { application, hostReviewer } = await committee();
      const response = await review(hostReviewer.token, application.id, scores(5, 5, 5)).expect(403);
      expect(response.body).toMatchObject({ type: '/problems/conflict-of-interest', status: 403 });
      expect(response.body.detail).toMatch(/preferred host/i);
      expect(await reviewRows(application.id)).toBe(0);
    });

    it("refuses a reviewer from a joint application's partner organisation with 403", async () => {
      const { cohort, applicantOrganisation, reviewer } = await committee();
      const partner = await anOrganisation(app, { region: 'CN' });
      const staff = await aStaffMember(app, { organisationId: applicantOrganisation.id });
      const joint = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        kind: 'joint',
        partnerOrganisationId: partner.id,
        exchangeTopic: 'Community-led water monitoring',
      });
      const partnerReviewer = await app.signIn('reviewer', { organisationId: partner.id });
      await assignReviewers(cohort.id, [reviewer.userId, partnerReviewer.userId]);

      const response = await review(partnerReviewer.token, joint.id, scores(5, 5, 5)).expect(403);
      expect(response.body).toMatchObject({ type: '/problems/conflict-of-interest', status: 403 });
      expect(response.body.detail).toMatch(/partner/i);
      // The same committee member from an unrelated organisation may review it.
      await review(reviewer.token, joint.id, scores(3, 4, 5)).expect(201);
      expect(await reviewRows(joint.id)).toBe(1);
    });

    it("refuses a change to a review once the reviewer's organisation is involved (403)", async () => {
      const { application, applicantOrganisation, reviewer } = await committee();
      const created = await review(reviewer.token, application.id, scores(3, 3, 3)).expect(201);
      const admin = await app.signIn('admin');
      await app
        .http()
        .patch(`/api/v1/users/${reviewer.userId}`)
        .set(as(admin.token))
        .send({ organisationId: applicantOrganisation.id })
        .expect(200);
      const response = await app
        .http()
        .patch(`/api/v1/reviews/${created.body.id}`)
        .set(as(reviewer.token))
        .send({ workPlanQuality: 5 })
        .expect(403);
      expect(response.body).toMatchObject({ type: '/problems/conflict-of-interest', status: 403 });
      const [row] = await app.dataSource.query(`SELECT work_plan_quality AS wpq FROM reviews WHERE id = $1`, [
        created.body.id,
      ]);
      expect(row.wpq).toBe(3);
    });
  });

  it('answers 404 to a reviewer who is not on the cohort’s committee: the application is not visible', async () => {
    const { application } = await committee();
    const outsider = await app.signIn('reviewer', { organisationId: (await anOrganisation(app)).id });
    for (const request of [
      review(outsider.token, application.id, scores(4, 4, 4)),
      reviewsOf(outsider.token, application.id),
    ]) {
      const response = await request.expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    }
    expect(await reviewRows(application.id)).toBe(0);
  });

  describe('bad input', () => {
    it.each([
      ['organisationalCompatibility', 0],
      ['organisationalCompatibility', 6],
      ['organisationalCompatibility', 2.5],
      ['organisationalCompatibility', '4'],
      ['workPlanQuality', 0],
      ['workPlanQuality', 6],
      ['workPlanQuality', 2.5],
      ['workPlanQuality', '4'],
      ['applicantExperience', 0],
      ['applicantExperience', 6],
      ['applicantExperience', 2.5],
      ['applicantExperience', '4'],
    ])('answers 400 naming %s when it is %p', async (field, value) => {
      const { application, reviewer } = await committee();
      const response = await review(reviewer.token, application.id, { ...scores(3, 3, 3), [field]: value }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
      // Every message is about that field (a string breaks several of its rules at once).
      const fields = new Set(response.body.errors.map((error: { field: string }) => error.field));
      expect([...fields]).toEqual([field]);
      expect(await reviewRows(application.id)).toBe(0);
    });

    it('answers 400 naming an unknown field, a missing criterion and a too long comment', async () => {
      const { application, reviewer } = await committee();
      const unknown = await review(reviewer.token, application.id, { ...scores(3, 3, 3), overall: 5 }).expect(400);
      expect(unknown.body).toMatchObject({
        type: '/problems/validation',
        status: 400,
        errors: [{ field: 'overall', message: 'is not an allowed field' }],
      });

      const missing = await review(reviewer.token, application.id, {
        organisationalCompatibility: 3,
        workPlanQuality: 3,
      }).expect(400);
      expect(missing.body.type).toBe('/problems/validation');
      expect(missing.body.errors.map((error: { field: string }) => error.field)).toEqual(
        expect.arrayContaining(['applicantExperience']),
      );

      const long = await review(reviewer.token, application.id, {
        ...scores(3, 3, 3),
        comment: 'x'.repeat(5001),
      }).expect(400);
      expect(long.body.errors.map((error: { field: string }) => error.field)).toEqual(['comment']);
      expect(await reviewRows(application.id)).toBe(0);
    });

    it('answers 400 to an out-of-range score in a change, and to an id that is not a UUID', async () => {
      const { application, reviewer } = await committee();
      const created = await review(reviewer.token, application.id, scores(3, 3, 3)).expect(201);
      const change = await app
        .http()
        .patch(`/api/v1/reviews/${created.body.id}`)
        .set(as(reviewer.token))
        .send({ applicantExperience: 6 })
        .expect(400);
      expect(change.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(change.body.errors.map((error: { field: string }) => error.field)).toEqual(['applicantExperience']);

      const badId = await review(reviewer.token, 'not-a-uuid', scores(3, 3, 3)).expect(400);
      expect(badId.body).toMatchObject({ type: '/problems/validation', errors: [{ field: 'id' }] });
    });

    it('answers 400 naming workPlanQuality when a change sets it to null, and keeps the score', async () => {
      const { application, reviewer } = await committee();
      const created = await review(reviewer.token, application.id, scores(3, 4, 3)).expect(201);
      const response = await app
        .http()
        .patch(`/api/v1/reviews/${created.body.id}`)
        .set(as(reviewer.token))
        .send({ workPlanQuality: null });
      expectInvalid(response, 'workPlanQuality');
      expect(new Set(fieldsOf(response.body))).toEqual(new Set(['workPlanQuality']));
      const [row] = await app.dataSource.query(`SELECT work_plan_quality AS wpq FROM reviews WHERE id = $1`, [
        created.body.id,
      ]);
      expect(row.wpq).toBe(4);
    });
  });

  describe('averages and visibility', () => {
    /** Coordinator and two reviewers score one application; its applicant has a participant account. */
    async function reviewed() {
      const setting = await committee();
      const participant = await app.signIn('participant');
      const ownStaff = await aStaffMember(app, {
        organisationId: setting.applicantOrganisation.id,
        userId: participant.userId,
      });
      const application = await anApplication(app, {
        cohortId: setting.cohort.id,
        staffId: ownStaff.id,
        preferredHostIds: [setting.host.id],
      });
      const byCoordinator = await review(coordinator, application.id, scores(4, 5, 3)).expect(201);
      const byReviewer = await review(setting.reviewer.token, application.id, scores(2, 2, 2)).expect(201);
      const bySecond = await review(setting.secondReviewer.token, application.id, scores(5, 5, 4)).expect(201);
      return { ...setting, participant, application, reviews: [byCoordinator.body, byReviewer.body, bySecond.body] };
    }

    it('shows the coordinator the mean of the reviews’ means, rounded to 2 decimals, and the count', async () => {
      const { application, cohort, reviews } = await reviewed();
      expect(reviews.map((item: { average: number }) => item.average)).toEqual([4, 2, 4.67]);
      // Means per review: (4+5+3)/3 = 4, (2+2+2)/3 = 2, (5+5+4)/3 = 4.6667; their mean: 10.6667 / 3 = 3.5556.
      const response = await app.http().get(`/api/v1/applications/${application.id}`).set(as(coordinator)).expect(200);
      expect(response.body).toMatchObject({ id: application.id, averageScore: 3.56, reviewCount: 3 });

      const list = await app
        .http()
        .get('/api/v1/applications')
        .query({ cohortId: cohort.id })
        .set(as(coordinator))
        .expect(200);
      const listed = list.body.items.find((item: { id: string }) => item.id === application.id);
      expect(listed).toMatchObject({ averageScore: 3.56, reviewCount: 3 });
      const unreviewed = list.body.items.find((item: { id: string }) => item.id !== application.id);
      expect(unreviewed).toMatchObject({ averageScore: null, reviewCount: 0 });
    });

    it('lists every review for the coordinator and only their own for a reviewer', async () => {
      const { application, reviewer, reviews } = await reviewed();
      const all = await reviewsOf(coordinator, application.id).expect(200);
      expect(all.body.map((item: { id: string }) => item.id).sort()).toEqual(
        reviews.map((item: { id: string }) => item.id).sort(),
      );

      const own = await reviewsOf(reviewer.token, application.id).expect(200);
      expect(own.body).toHaveLength(1);
      expect(own.body[0]).toMatchObject({ reviewerId: reviewer.userId, organisationalCompatibility: 2, average: 2 });
    });

    it('refuses the applicant and a funder the reviews (403); the applicant sees their application without scores', async () => {
      const { application, participant } = await reviewed();
      const funder = await app.signIn('funder');
      for (const token of [participant.token, funder.token]) {
        const response = await reviewsOf(token, application.id).expect(403);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
      }

      const own = await app.http().get(`/api/v1/applications/${application.id}`).set(as(participant.token)).expect(200);
      expect(own.body.id).toBe(application.id);
      expect(own.body).not.toHaveProperty('averageScore');
      expect(own.body).not.toHaveProperty('reviewCount');

      const list = await app.http().get('/api/v1/applications').set(as(participant.token)).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([application.id]);
      expect(list.body.items[0]).not.toHaveProperty('averageScore');
      expect(list.body.items[0]).not.toHaveProperty('reviewCount');
    });

    it('hides the figures of an application from a reviewer whose organisation is involved, not from the others', async () => {
      const { application, cohort, reviewer, colleague, hostReviewer } = await reviewed();
      const forApplication = (body: { items: Array<{ id: string }> }) =>
        body.items.find((item) => item.id === application.id);

      const seen = await app.http().get(`/api/v1/applications/${application.id}`).set(as(reviewer.token)).expect(200);
      expect(seen.body).toMatchObject({ id: application.id, averageScore: 3.56, reviewCount: 3 });
      const listed = await app
        .http()
        .get('/api/v1/applications')
        .query({ cohortId: cohort.id })
        .set(as(reviewer.token))
        .expect(200);
      expect(forApplication(listed.body)).toMatchObject({ averageScore: 3.56, reviewCount: 3 });

      // The applicant's own organisation, and the preferred host.
      for (const conflicted of [colleague, hostReviewer]) {
        const own = await app
          .http()
          .get(`/api/v1/applications/${application.id}`)
          .set(as(conflicted.token))
          .expect(200);
        expect(own.body.id).toBe(application.id);
        expect(own.body).not.toHaveProperty('averageScore');
        expect(own.body).not.toHaveProperty('reviewCount');
        const list = await app
          .http()
          .get('/api/v1/applications')
          .query({ cohortId: cohort.id })
          .set(as(conflicted.token))
          .expect(200);
        const item = forApplication(list.body);
        expect(item).toBeDefined();
        expect(item).not.toHaveProperty('averageScore');
        expect(item).not.toHaveProperty('reviewCount');
      }
    });

    it('does not let a conflicted reviewer learn the scores by sorting on them', async () => {
      const { cohort, applicantOrganisation, host, reviewer, colleague, application } = await reviewed();
      const lowStaff = await aStaffMember(app, { organisationId: applicantOrganisation.id });
      const low = await anApplication(app, { cohortId: cohort.id, staffId: lowStaff.id, preferredHostIds: [host.id] });
      await review(coordinator, low.id, scores(1, 1, 1)).expect(201);
      const sortedAs = (token: string, sort: string) =>
        app.http().get('/api/v1/applications').query({ cohortId: cohort.id, sort }).set(as(token)).expect(200);

      // Three applications of the applicant's organisation: scored 3.56, scored 1, and not reviewed.
      const all = await sortedAs(coordinator, '-averageScore');
      expect(all.body.total).toBe(3);
      const [high, , unreviewed] = ids(all);
      expect(high).toBe(application.id);
      expect(all.body.items[2]).toMatchObject({ averageScore: null, reviewCount: 0 });

      // For a reviewer without a conflict the order follows the scores, unreviewed last either way.
      expect(ids(await sortedAs(reviewer.token, '-averageScore'))).toEqual([high, low.id, unreviewed]);
      expect(ids(await sortedAs(reviewer.token, 'averageScore'))).toEqual([low.id, high, unreviewed]);

      // For a colleague of the applicants the order does not depend on the scores at all.
      const byId = [high, low.id, unreviewed].sort();
      for (const sort of ['-averageScore', 'averageScore', '-reviewCount', 'reviewCount']) {
        const list = await sortedAs(colleague.token, sort);
        expect(ids(list)).toEqual(byId);
        for (const item of list.body.items) {
          expect(item).not.toHaveProperty('averageScore');
          expect(item).not.toHaveProperty('reviewCount');
        }
      }
    });

    it('refuses a participant writing a review (403)', async () => {
      const { application, participant } = await reviewed();
      const response = await review(participant.token, application.id, scores(5, 5, 5)).expect(403);
      expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
      expect(await reviewRows(application.id)).toBe(3);
    });
  });

  describe('when reviews are closed', () => {
    it('takes reviews while the cohort is matching, and answers 422 review-closed once it is active', async () => {
      const { cohort, application, reviewer, secondReviewer } = await committee();
      await moveCohort(cohort.id, 'matching');
      await review(reviewer.token, application.id, scores(3, 4, 5)).expect(201);
      await moveCohort(cohort.id, 'active');

      const response = await review(secondReviewer.token, application.id, scores(3, 4, 5)).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/review-closed', status: 422 });
      expect(response.body.detail).toContain('active');
      expect(await reviewRows(application.id)).toBe(1);
    });

    it('answers 422 to a review of a withdrawn application', async () => {
      const { cohort, applicantOrganisation, host, reviewer } = await committee();
      const participant = await app.signIn('participant');
      const staff = await aStaffMember(app, { organisationId: applicantOrganisation.id, userId: participant.userId });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [host.id],
      });
      await app
        .http()
        .post(`/api/v1/applications/${application.id}/transitions`)
        .set(as(participant.token))
        .send({ to: 'withdrawn' })
        .expect(200);

      const response = await review(reviewer.token, application.id, scores(3, 4, 5)).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/application-withdrawn', status: 422 });
      expect(await reviewRows(application.id)).toBe(0);
    });
  });
});
