import { randomUUID } from 'node:crypto';
import { InvitationsService } from '../src/invitations/invitations.service';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, PROBLEM } from './support/http';
import { TestApp } from './support/test-app';

const PASSWORD = 'the participant chose this one';

describe('Export and erasure of a person (HTTP)', () => {
  let app: TestApp;
  let admin: { token: string; userId: string };
  let coordinator: { token: string; userId: string };
  let reviewer: { token: string; userId: string };

  /** The person whose data is exported and erased, and everything the programme holds about them. */
  const tag = randomUUID().slice(0, 8);
  const person = {
    formerName: `Xiaoling Zhao-${tag}`,
    fullName: `Zhao Xiaoling-${tag}`,
    formerStaffEmail: `x.zhao.${tag}@old-address.example`,
    staffEmail: `Zhao.Xiaoling.${tag}@Green-River.example`,
    accountEmail: `xiaoling.${tag}@mail.example`,
    motivation: `I am Zhao Xiaoling-${tag} and I run river clean-ups with 40 volunteers in Leipzig.`,
    workPlan: `Shadow the Chengdu team, then host Zhao Xiaoling-${tag}'s workshop on volunteer safety.`,
    draftComment: `First impression: strong volunteer network (ref. ${tag}).`,
    comment: `A convincing track record of volunteer work (ref. ${tag}).`,
    // Named by someone else's joint application as the contact at the partner, by their account address.
    partnerContactName: `Ms Zhao X. (partner desk ${tag})`,
    partnerContactEmail: `Xiaoling.${tag}@Mail.Example`,
    // An invitation for the profile sent to an address that is neither the profile's nor the account's.
    invitationEmail: `zxl.${tag}@typo-address.example`,
  };
  let staffId: string;
  let userId: string;
  let participantToken: string;
  let refreshToken: string;
  let applicationId: string;
  let cohortId: string;
  let organisationId: string;
  let otherStaff: { id: string; fullName: string };
  let jointApplicationId: string;
  /** The coordinator's idempotent request that created the person's application. */
  const applicationRequest = { key: `erasure-${tag}`, body: {} as Record<string, unknown> };

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.signIn('admin');
    coordinator = await app.signIn('coordinator');

    const cohort = await aCohort(app, { status: 'open' });
    cohortId = cohort.id;
    const organisation = await anOrganisation(app, { region: 'EU' });
    organisationId = organisation.id;
    const host = await anOrganisation(app, { region: 'CN' });
    reviewer = await app.signIn('reviewer', { organisationId: (await anOrganisation(app, { region: 'EU' })).id });
    await app
      .http()
      .put(`/api/v1/cohorts/${cohortId}/reviewers`)
      .set(as(coordinator.token))
      .send({ userIds: [reviewer.userId] })
      .expect(200);

    const staff = await aStaffMember(app, {
      organisationId,
      fullName: person.formerName,
      email: person.formerStaffEmail,
    });
    staffId = staff.id;
    // A colleague in the same cohort, whose data must stay as it is.
    const colleague = await aStaffMember(app, { organisationId, fullName: `Anna Becker-${tag}` });
    otherStaff = { id: colleague.id, fullName: colleague.fullName };
    await anApplication(app, { cohortId, staffId: colleague.id, preferredHostIds: [host.id] });
    // Another colleague's joint application, naming the person as the contact at the partner.
    const jointApplicant = await aStaffMember(app, { organisationId, fullName: `Lena Vogel-${tag}` });
    const joint = await anApplication(app, {
      cohortId,
      staffId: jointApplicant.id,
      kind: 'joint',
      partnerOrganisationId: host.id,
      exchangeTopic: 'Volunteer safety on rivers',
      partnerContactName: person.partnerContactName,
      partnerContactEmail: person.partnerContactEmail,
    });
    jointApplicationId = joint.id;

    // A coordinator corrects the profile: the audit trail now holds the former and the new values.
    await app
      .http()
      .patch(`/api/v1/staff/${staffId}`)
      .set(as(coordinator.token))
      .send({ fullName: person.fullName, email: person.staffEmail, yearsOfExperience: 9 })
      .expect(200);

    // A first invitation for the profile went to a mistyped address; it stays pending.
    await app
      .http()
      .post('/api/v1/invitations')
      .set(as(coordinator.token))
      .send({ email: person.invitationEmail, displayName: person.fullName, role: 'participant', staffId })
      .expect(201);

    // Invited by e-mail through the real flow, the account is linked to the profile when accepted.
    const { token } = await app
      .get(InvitationsService)
      .create(
        { email: person.accountEmail, displayName: person.fullName, role: 'participant', staffId },
        { id: coordinator.userId, role: 'coordinator' },
      );
    const accepted = await app
      .http()
      .post('/api/v1/auth/accept-invitation')
      .send({ token, password: PASSWORD })
      .expect(201);
    userId = accepted.body.user.id;
    participantToken = accepted.body.accessToken;
    refreshToken = accepted.body.refreshToken;

    for (const purpose of ['programme_administration', 'share_with_funders']) {
      await app
        .http()
        .post(`/api/v1/staff/${staffId}/consents`)
        .set(as(participantToken))
        .send({ purpose, granted: true, textVersion: '2027-01' })
        .expect(201);
    }
    await app
      .http()
      .patch(`/api/v1/staff/${staffId}`)
      .set(as(participantToken))
      .send({ jobTitle: 'Volunteer coordinator' })
      .expect(200);

    // The coordinator files the application for the person, with an Idempotency-Key: its answer is stored.
    applicationRequest.body = {
      cohortId,
      staffId,
      kind: 'single',
      availableFrom: '2027-08-01',
      availableTo: '2027-09-30',
      preferredHostIds: [host.id],
      motivation: person.motivation,
      workPlan: person.workPlan,
    };
    const application = await replayApplication().expect(201);
    applicationId = application.body.id;

    // The reviewer rewrites the comment: the review.updated event holds the first and the second text.
    const created = await app
      .http()
      .post(`/api/v1/applications/${applicationId}/reviews`)
      .set(as(reviewer.token))
      .send({
        organisationalCompatibility: 4,
        workPlanQuality: 3,
        applicantExperience: 5,
        comment: person.draftComment,
      })
      .expect(201);
    await app
      .http()
      .patch(`/api/v1/reviews/${created.body.id}`)
      .set(as(reviewer.token))
      .send({ comment: person.comment })
      .expect(200);
    await app
      .http()
      .post(`/api/v1/applications/${applicationId}/reviews`)
      .set(as(coordinator.token))
      .send({ organisationalCompatibility: 2, workPlanQuality: 4, applicantExperience: 3 })
      .expect(201);
  });

  afterAll(() => app.close());

  /** Sends the coordinator's idempotent request for the person's application (again). */
  function replayApplication() {
    return app
      .http()
      .post('/api/v1/applications')
      .set(as(coordinator.token))
      .set('Idempotency-Key', applicationRequest.key)
      .send(applicationRequest.body);
  }

  const exportOf = (token: string, id = staffId) => app.http().get(`/api/v1/staff/${id}/export`).set(as(token));

  /** Every page of a list endpoint, as the text of each answer. */
  async function allPages(token: string, path: string): Promise<string[]> {
    const texts: string[] = [];
    for (let page = 1; ; page++) {
      const response = await app.http().get(path).query({ page, pageSize: 100 }).set(as(token)).expect(200);
      texts.push(response.text);
      if (page * 100 >= response.body.total) return texts;
    }
  }

  /** What the API answers about the person, endpoint by endpoint, to the roles that may see it. */
  async function everyAnswer(): Promise<Array<{ endpoint: string; text: string }>> {
    const single: Array<[string, string]> = [
      [admin.token, `/api/v1/staff/${staffId}`],
      [coordinator.token, `/api/v1/staff/${staffId}`],
      [reviewer.token, `/api/v1/staff/${staffId}`],
      [coordinator.token, `/api/v1/staff?search=${encodeURIComponent('Zhao Xiaoling')}`],
      [coordinator.token, `/api/v1/staff?search=${tag}`],
      [coordinator.token, `/api/v1/staff?organisationId=${organisationId}`],
      [reviewer.token, '/api/v1/staff'],
      [coordinator.token, `/api/v1/staff/${staffId}/consents`],
      [coordinator.token, `/api/v1/applications?cohortId=${cohortId}`],
      [reviewer.token, `/api/v1/applications?cohortId=${cohortId}`],
      [coordinator.token, `/api/v1/applications/${applicationId}`],
      [reviewer.token, `/api/v1/applications/${applicationId}`],
      [coordinator.token, `/api/v1/applications/${applicationId}/reviews`],
      [reviewer.token, `/api/v1/applications/${applicationId}/reviews`],
      [admin.token, `/api/v1/users/${userId}`],
      [admin.token, `/api/v1/users?search=${tag}`],
      [admin.token, `/api/v1/staff/${staffId}/export`],
      [coordinator.token, `/api/v1/cohorts/${cohortId}`],
    ];
    const answers: Array<{ endpoint: string; text: string }> = [];
    for (const [token, endpoint] of single) {
      const response = await app.http().get(endpoint).set(as(token)).expect(200);
      answers.push({ endpoint, text: response.text });
    }
    for (const [token, path] of [
      [coordinator.token, '/api/v1/staff'],
      [admin.token, '/api/v1/users'],
      [admin.token, '/api/v1/invitations'],
      [admin.token, '/api/v1/audit-events'],
    ] as const) {
      for (const text of await allPages(token, path)) answers.push({ endpoint: path, text });
    }
    return answers;
  }

  /**
   * The person's names, e-mail addresses (staff, account, and where an invitation went), application texts, what
   * reviewers wrote of them, and how someone else's application names them as contact.
   */
  const personal = () => [
    person.formerName,
    person.fullName,
    person.formerStaffEmail,
    person.staffEmail,
    person.accountEmail,
    person.invitationEmail,
    person.motivation,
    person.workPlan,
    person.draftComment,
    person.comment,
    person.partnerContactName,
    person.partnerContactEmail,
  ];

  /** The endpoints whose answer contains one of the values (case-insensitive), with the value. */
  const leaks = (answers: Array<{ endpoint: string; text: string }>, values = personal()) =>
    answers.flatMap(({ endpoint, text }) =>
      values
        .filter((value) => text.toLowerCase().includes(value.toLowerCase()))
        .map((value) => `${endpoint}: ${value}`),
    );

  async function figures() {
    const cohort = await app.http().get(`/api/v1/cohorts/${cohortId}`).set(as(coordinator.token)).expect(200);
    const applications = await app
      .http()
      .get('/api/v1/applications')
      .query({ cohortId })
      .set(as(coordinator.token))
      .expect(200);
    const application = await app
      .http()
      .get(`/api/v1/applications/${applicationId}`)
      .set(as(coordinator.token))
      .expect(200);
    return {
      applicationCounts: cohort.body.applicationCounts,
      total: applications.body.total,
      averageScore: application.body.averageScore,
      reviewCount: application.body.reviewCount,
    };
  }

  describe('before erasure', () => {
    it('exports to the person everything held about them, without the reviews of their application', async () => {
      const response = await exportOf(participantToken).expect(200);
      const data = response.body;
      expect(Object.keys(data)).toEqual(
        expect.arrayContaining(['exportedAt', 'profile', 'account', 'consents', 'applications', 'auditEvents']),
      );
      expect(data).not.toHaveProperty('reviews');
      expect(data.profile).toMatchObject({
        id: staffId,
        fullName: person.fullName,
        email: person.staffEmail.toLowerCase(),
        jobTitle: 'Volunteer coordinator',
        organisation: { id: organisationId },
      });
      expect(data.account).toMatchObject({ id: userId, email: person.accountEmail, role: 'participant' });
      expect(data.account).not.toHaveProperty('passwordHash');
      expect(data.consents.map((consent: { purpose: string }) => consent.purpose).sort()).toEqual([
        'programme_administration',
        'share_with_funders',
      ]);
      expect(data.applications).toEqual([
        expect.objectContaining({ id: applicationId, motivation: person.motivation, workPlan: person.workPlan }),
      ]);
      const actions = data.auditEvents.map((event: { action: string }) => event.action);
      expect(actions).toEqual(
        expect.arrayContaining(['staff.created', 'staff.updated', 'user.created', 'application.submitted']),
      );
      expect(JSON.stringify(data)).not.toContain(person.comment);
      expect(response.text).not.toContain('$argon2');
    });

    it('includes the reviews when a coordinator or an admin exports', async () => {
      for (const token of [coordinator.token, admin.token]) {
        const response = await exportOf(token).expect(200);
        expect(response.body.reviews).toHaveLength(2);
        expect(response.body.reviews).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ applicationId, comment: person.comment, organisationalCompatibility: 4 }),
          ]),
        );
      }
    });

    it("answers 404 to another participant asking for the person's export, and 403 to a funder and a reviewer", async () => {
      const other = await app.signIn('participant');
      await aStaffMember(app, { organisationId, userId: other.userId });
      const notVisible = await exportOf(other.token).expect(404);
      expect(notVisible.headers['content-type']).toMatch(PROBLEM);
      expect(notVisible.body).toMatchObject({ type: '/problems/not-found', status: 404 });

      for (const role of ['funder', 'reviewer'] as const) {
        const { token } = await app.signIn(role);
        const refused = await exportOf(token).expect(403);
        expect(refused.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
      }
    });

    it('answers 400 naming the id when it is not a UUID, and 404 for an unknown profile', async () => {
      const bad = await exportOf(admin.token, 'not-a-uuid').expect(400);
      expect(bad.body).toMatchObject({ type: '/problems/validation', errors: [{ field: 'id' }] });
      const unknown = await exportOf(admin.token, randomUUID()).expect(404);
      expect(unknown.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    });

    it("finds the person's data in the answers checked after erasure (so that check can fail)", async () => {
      const found = leaks(await everyAnswer());
      for (const value of personal()) {
        expect(found.some((leak) => leak.endsWith(`: ${value}`))).toBe(true);
      }
      // Each of these is found where the fix under test must remove it.
      const at = (endpoint: string, value: string) => expect(found).toContain(`${endpoint}: ${value}`);
      at('/api/v1/audit-events', person.draftComment);
      at('/api/v1/invitations', person.invitationEmail);
      at('/api/v1/audit-events', person.invitationEmail);
      at(`/api/v1/applications?cohortId=${cohortId}`, person.partnerContactName);
      at(`/api/v1/applications?cohortId=${cohortId}`, person.partnerContactEmail);
    });

    it('replays the stored answer of the idempotent request with the person in it', async () => {
      const replay = await replayApplication().expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(applicationId);
      expect(leaks([{ endpoint: 'replay', text: replay.text }]).length).toBeGreaterThan(0);
    });
  });

  describe('erasing', () => {
    it('refuses a coordinator and the person themselves (403), and answers 404 for an unknown profile', async () => {
      for (const token of [coordinator.token, participantToken]) {
        const response = await app.http().post(`/api/v1/staff/${staffId}/erase`).set(as(token)).expect(403);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body).toMatchObject({ type: '/problems/forbidden', status: 403 });
      }
      const unknown = await app.http().post(`/api/v1/staff/${randomUUID()}/erase`).set(as(admin.token)).expect(404);
      expect(unknown.body).toMatchObject({ type: '/problems/not-found', status: 404 });
      const bad = await app.http().post('/api/v1/staff/nope/erase').set(as(admin.token)).expect(400);
      expect(bad.body).toMatchObject({ type: '/problems/validation', errors: [{ field: 'id' }] });
      const [row] = await app.dataSource.query(`SELECT erased_at FROM staff WHERE id = $1`, [staffId]);
      expect(row.erased_at).toBeNull();
    });

    it('lets an admin erase the person (204), keeping every count, and records staff.erased', async () => {
      const before = await figures();
      expect(before.total).toBe(3);
      expect(before.applicationCounts).toEqual({ submitted: 3, accepted: 0, rejected: 0, withdrawn: 0 });

      const response = await app.http().post(`/api/v1/staff/${staffId}/erase`).set(as(admin.token)).expect(204);
      expect(response.text).toBe('');

      expect(await figures()).toEqual(before);
      const audit = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ action: 'staff.erased', entityId: staffId })
        .set(as(admin.token))
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({ actorId: admin.userId, entityType: 'staff', entityId: staffId });
    });
  });

  describe('after erasure', () => {
    it("returns none of the person's names, e-mail addresses or texts about them from any endpoint, audit trail included", async () => {
      expect(leaks(await everyAnswer())).toEqual([]);
    });

    it("keeps which fields of the person's profile and account changed in the audit trail, but not their values", async () => {
      for (const entityId of [staffId, userId]) {
        const response = await app
          .http()
          .get('/api/v1/audit-events')
          .query({ entityId, pageSize: 100 })
          .set(as(admin.token))
          .expect(200);
        expect(leaks([{ endpoint: entityId, text: response.text }])).toEqual([]);
        const changed = response.body.items.filter((event: { action: string }) => event.action !== 'staff.erased');
        expect(changed.length).toBeGreaterThan(0);
        for (const event of changed) {
          for (const value of Object.values(event.changes)) expect(value).toBe('[erased]');
        }
      }
      const corrected = await app
        .http()
        .get('/api/v1/audit-events')
        .query({ entityId: staffId, action: 'staff.updated' })
        .set(as(admin.token))
        .expect(200);
      expect(corrected.body.items.map((event: { changes: object }) => Object.keys(event.changes).sort())).toEqual(
        expect.arrayContaining([['email', 'fullName', 'yearsOfExperience']]),
      );
    });

    it('marks the profile erased and keeps its organisation, applications and reviews', async () => {
      const staff = await app.http().get(`/api/v1/staff/${staffId}`).set(as(coordinator.token)).expect(200);
      expect(staff.body).toMatchObject({ id: staffId, erased: true, organisation: { id: organisationId } });
      expect(staff.body.fullName).not.toContain(tag);

      const application = await app
        .http()
        .get(`/api/v1/applications/${applicationId}`)
        .set(as(coordinator.token))
        .expect(200);
      expect(application.body).toMatchObject({ id: applicationId, cohortId, status: 'submitted', reviewCount: 2 });

      const reviews = await app
        .http()
        .get(`/api/v1/applications/${applicationId}/reviews`)
        .set(as(coordinator.token))
        .expect(200);
      expect(reviews.body).toHaveLength(2);
    });

    it('does not give back the stored answer, with the person in it, to a replay of the idempotent request', async () => {
      const replay = await replayApplication();
      expect(leaks([{ endpoint: `replay (${replay.status})`, text: replay.text }])).toEqual([]);
    });

    it("clears the person as the partner contact of a colleague's joint application, which stays", async () => {
      const joint = await app
        .http()
        .get(`/api/v1/applications/${jointApplicationId}`)
        .set(as(coordinator.token))
        .expect(200);
      expect(joint.body).toMatchObject({
        id: jointApplicationId,
        kind: 'joint',
        status: 'submitted',
        exchangeTopic: 'Volunteer safety on rivers',
        partnerContactName: null,
      });
      expect(joint.body.partnerContactEmail ?? '').not.toMatch(new RegExp(tag, 'i'));
    });

    it('leaves the colleague in the same cohort untouched', async () => {
      const staff = await app.http().get(`/api/v1/staff/${otherStaff.id}`).set(as(coordinator.token)).expect(200);
      expect(staff.body).toMatchObject({ fullName: otherStaff.fullName, erased: false });
    });

    it('no longer lets the person sign in, use their access token or refresh it (401)', async () => {
      const login = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: person.accountEmail, password: PASSWORD })
        .expect(401);
      expect(login.headers['content-type']).toMatch(PROBLEM);
      expect(login.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });

      const me = await app.http().get('/api/v1/auth/me').set(as(participantToken)).expect(401);
      expect(me.body).toMatchObject({ type: '/problems/unauthenticated', status: 401 });

      const refresh = await app.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
      expect(refresh.body).toMatchObject({ status: 401 });
    });
  });
});
