import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Cohort } from '../src/cohorts/cohort.entity';
import type { StaffMember } from '../src/staff/staff-member.entity';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, PROBLEM } from './support/http';
import { aParticipantWithPlacement, placeApplicant } from './support/placement-world';
import { TestApp } from './support/test-app';

/**
 * OWASP API1 (broken object-level authorisation), SPEC §3 and §4: whoever may call a route for their own objects
 * gets 404 for someone else's, exactly as for an id that does not exist, and changes nothing. One row per route
 * and object; the same request from someone entitled to it is sent too, so that a 404 cannot come from a
 * mistyped path or a body the route would refuse anyway.
 */

interface Person {
  token: string;
  userId: string;
}

interface Call {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
  headers?: Record<string, string>;
}

/** Someone's object, tried by someone else. */
interface Attempt {
  route: string;
  intruder: () => Person;
  /** Someone entitled to the object: the same request from them gets `ownerGets`. */
  owner: () => Person;
  ownerGets: number;
  /** The id that makes the object someone else's; the request is also sent with an id that exists nowhere. */
  object: () => string;
  request: (id: string) => Call;
  /** The rows that make up the object: the same before and after the intruder's request. */
  state: () => Promise<unknown>;
}

/** A route that takes no id and acts on the caller's own things: someone else's stay as they were. */
interface OwnOnly {
  route: string;
  intruder: () => Person;
  request: () => Call;
  intruderGets: number;
  state: () => Promise<unknown>;
}

/** A list, filtered to name someone else's objects: none of them comes back; the entitled caller's list has them. */
interface Listing {
  route: string;
  intruder: () => Person;
  owner: () => Person;
  path: () => string;
  hidden: () => string[];
}

/** Everything the rows refer to, made in `beforeAll`. */
interface World {
  coordinator: Person;
  /** A, the owner: a participant with a confirmed placement (checklist, reports, logs) and more applications. */
  a: Person;
  staffA: StaffMember;
  cohortA: Cohort;
  placementA: string;
  /** Checklist items of A's placement: one open, one ticked by A. */
  openItem: string;
  tickedItem: string;
  logA: string;
  logToDelete: string;
  /** A log written with an Idempotency-Key, and that request. */
  idempotentLog: { key: string; body: object };
  reportA: string;
  reportAnswers: string[];
  notificationA: string;
  /** A's application to an open cohort, another to withdraw, and proposed placements to accept and to decline. */
  applicationA: string;
  applicationToWithdraw: string;
  proposedToAccept: string;
  proposedToDecline: string;
  projectA: string;
  /** B, the intruder: a participant of another organisation with a placement of their own. */
  b: Person;
  /** Reviewers: the first two sit on A's open cohort, the third on B's cohort only. */
  reviewer: Person;
  fellowReviewer: Person;
  outsideReviewer: Person;
  openCohort: string;
  reviewOfOther: string;
  /** Funders: the first one's organisation funds A's cohort, the other's B's cohort only. */
  funder: Person;
  otherFunder: Person;
  cohortB: string;
}

const logBody = (placementId: string, loggedOn: string) => ({
  placementId,
  loggedOn,
  hours: 2,
  activityType: 'meeting',
  title: 'Planning meeting with the host team',
});

describe('Object-level access: nobody reaches anyone else’s objects (HTTP)', () => {
  let app: TestApp;
  const w = {} as World;

  const send = (token: string, { method, path, body, headers }: Call) => {
    const request = app.http()[method](`/api/v1${path}`).set(as(token));
    if (headers) request.set(headers);
    return body === undefined ? request : request.send(body);
  };
  const rows = (sql: string, ...parameters: unknown[]) => app.dataSource.query(sql, parameters);

  // What an object is made of, as stored: any write by the intruder shows up here.
  const placementState = async (id: string) => ({
    placement: await rows(`SELECT * FROM placements WHERE id = $1`, id),
    checklist: await rows(`SELECT * FROM placement_checklist_items WHERE placement_id = $1 ORDER BY key`, id),
    logs: await rows(`SELECT * FROM exchange_logs WHERE placement_id = $1 ORDER BY id`, id),
    reports: await rows(`SELECT * FROM participant_reports WHERE placement_id = $1 ORDER BY id`, id),
    news: await rows(`SELECT id FROM notifications WHERE subject_id = $1 ORDER BY id`, id),
  });
  const applicationState = async (id: string) => ({
    application: await rows(`SELECT * FROM applications WHERE id = $1`, id),
    reviews: await rows(`SELECT * FROM reviews WHERE application_id = $1 ORDER BY id`, id),
  });
  const staffState = async (id: string) => ({
    staff: await rows(`SELECT * FROM staff WHERE id = $1`, id),
    consents: await rows(`SELECT * FROM consent_records WHERE staff_id = $1 ORDER BY id`, id),
  });
  const cohortState = async (id: string) => ({
    cohort: await rows(`SELECT * FROM cohorts WHERE id = $1`, id),
    reviewers: await rows(`SELECT * FROM cohort_reviewers WHERE cohort_id = $1 ORDER BY user_id`, id),
    funders: await rows(`SELECT * FROM cohort_funders WHERE cohort_id = $1 ORDER BY organisation_id`, id),
  });
  const projectState = async (id: string) => ({
    project: await rows(`SELECT * FROM joint_projects WHERE id = $1`, id),
    partners: await rows(`SELECT * FROM joint_project_partners WHERE joint_project_id = $1 ORDER BY 1, 2`, id),
  });
  const inboxState = (userId: string) =>
    rows(`SELECT id, read_at FROM notifications WHERE recipient_user_id = $1 ORDER BY id`, userId);
  const traceOf = (userId: string) =>
    rows(`SELECT count(*)::int AS events FROM audit_events WHERE actor_id = $1`, userId);

  const participantB = () => w.b;
  const participantA = () => w.a;

  const attempts: Attempt[] = [
    // Applications: a participant reads, changes and withdraws their own.
    {
      route: 'GET /applications/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.applicationA,
      request: (id) => ({ method: 'get', path: `/applications/${id}` }),
      state: () => applicationState(w.applicationA),
    },
    {
      route: 'PATCH /applications/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.applicationA,
      request: (id) => ({ method: 'patch', path: `/applications/${id}`, body: { motivation: 'Rewritten by someone' } }),
      state: () => applicationState(w.applicationA),
    },
    {
      route: 'POST /applications/:id/transitions (withdrawn)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.applicationToWithdraw,
      request: (id) => ({ method: 'post', path: `/applications/${id}/transitions`, body: { to: 'withdrawn' } }),
      state: () => applicationState(w.applicationToWithdraw),
    },
    // Placements: read, accept or decline a proposal, tick and reopen checklist items.
    {
      route: 'GET /placements/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.placementA,
      request: (id) => ({ method: 'get', path: `/placements/${id}` }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'POST /placements/:id/transitions (accepted)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.proposedToAccept,
      request: (id) => ({ method: 'post', path: `/placements/${id}/transitions`, body: { to: 'accepted' } }),
      state: () => placementState(w.proposedToAccept),
    },
    {
      route: 'POST /placements/:id/transitions (declined)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.proposedToDecline,
      request: (id) => ({ method: 'post', path: `/placements/${id}/transitions`, body: { to: 'declined' } }),
      state: () => placementState(w.proposedToDecline),
    },
    {
      route: 'PUT /placements/:id/checklist/:key (tick)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.placementA,
      request: (id) => ({ method: 'put', path: `/placements/${id}/checklist/${w.openItem}`, body: { done: true } }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'PUT /placements/:id/checklist/:key (reopen)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.placementA,
      request: (id) => ({ method: 'put', path: `/placements/${id}/checklist/${w.tickedItem}`, body: { done: false } }),
      state: () => placementState(w.placementA),
    },
    // Exchange logs: read, change, delete, and write one on someone else's placement.
    {
      route: 'GET /exchange-logs/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.logA,
      request: (id) => ({ method: 'get', path: `/exchange-logs/${id}` }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'PATCH /exchange-logs/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.logA,
      request: (id) => ({ method: 'patch', path: `/exchange-logs/${id}`, body: { title: 'Rewritten by someone' } }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'DELETE /exchange-logs/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 204,
      object: () => w.logToDelete,
      request: (id) => ({ method: 'delete', path: `/exchange-logs/${id}` }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'POST /exchange-logs (on their placement)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 201,
      object: () => w.placementA,
      request: (id) => ({ method: 'post', path: '/exchange-logs', body: logBody(id, '2027-08-20') }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'POST /exchange-logs (their Idempotency-Key and body: no replay of their answer)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 201,
      object: () => w.placementA,
      request: (id) => ({
        method: 'post',
        path: '/exchange-logs',
        body: { ...w.idempotentLog.body, placementId: id },
        headers: { 'idempotency-key': w.idempotentLog.key },
      }),
      state: () => placementState(w.placementA),
    },
    // Participant reports: read and hand in.
    {
      route: 'GET /participant-reports/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.reportA,
      request: (id) => ({ method: 'get', path: `/participant-reports/${id}` }),
      state: () => placementState(w.placementA),
    },
    {
      route: 'POST /participant-reports/:id/submission',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.reportA,
      request: (id) => ({
        method: 'post',
        path: `/participant-reports/${id}/submission`,
        body: { answers: w.reportAnswers },
      }),
      state: () => placementState(w.placementA),
    },
    // Notifications: one's own inbox only.
    {
      route: 'POST /notifications/:id/read',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.notificationA,
      request: (id) => ({ method: 'post', path: `/notifications/${id}/read` }),
      state: () => rows(`SELECT * FROM notifications WHERE id = $1`, w.notificationA),
    },
    // Staff profile: one's own, its consents and its export.
    {
      route: 'GET /staff/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.staffA.id,
      request: (id) => ({ method: 'get', path: `/staff/${id}` }),
      state: () => staffState(w.staffA.id),
    },
    {
      route: 'PATCH /staff/:id',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.staffA.id,
      request: (id) => ({ method: 'patch', path: `/staff/${id}`, body: { jobTitle: 'Renamed by someone' } }),
      state: () => staffState(w.staffA.id),
    },
    {
      route: 'GET /staff/:id/consents',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.staffA.id,
      request: (id) => ({ method: 'get', path: `/staff/${id}/consents` }),
      state: () => staffState(w.staffA.id),
    },
    {
      route: 'POST /staff/:id/consents',
      intruder: participantB,
      owner: participantA,
      ownerGets: 201,
      object: () => w.staffA.id,
      request: (id) => ({
        method: 'post',
        path: `/staff/${id}/consents`,
        body: { purpose: 'share_with_funders', granted: false, textVersion: '2027-01' },
      }),
      state: () => staffState(w.staffA.id),
    },
    {
      route: 'GET /staff/:id/export',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.staffA.id,
      request: (id) => ({ method: 'get', path: `/staff/${id}/export` }),
      state: () => staffState(w.staffA.id),
    },
    // A cohort in matching is seen by the participants who applied to it, and by no other.
    {
      route: 'GET /cohorts/:id (applied to by the owner, not open)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.cohortA.id,
      request: (id) => ({ method: 'get', path: `/cohorts/${id}` }),
      state: () => cohortState(w.cohortA.id),
    },
    // Joint projects: participants read those of their own organisation.
    {
      route: 'GET /joint-projects/:id (of another organisation)',
      intruder: participantB,
      owner: participantA,
      ownerGets: 200,
      object: () => w.projectA,
      request: (id) => ({ method: 'get', path: `/joint-projects/${id}` }),
      state: () => projectState(w.projectA),
    },
    // Reviewers: the applications of the cohorts they sit on, and their own reviews.
    {
      route: 'GET /applications/:id (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.applicationA,
      request: (id) => ({ method: 'get', path: `/applications/${id}` }),
      state: () => applicationState(w.applicationA),
    },
    {
      route: 'GET /applications/:id/reviews (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.applicationA,
      request: (id) => ({ method: 'get', path: `/applications/${id}/reviews` }),
      state: () => applicationState(w.applicationA),
    },
    {
      route: 'POST /applications/:id/reviews (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 201,
      object: () => w.applicationA,
      request: (id) => ({
        method: 'post',
        path: `/applications/${id}/reviews`,
        body: { organisationalCompatibility: 1, workPlanQuality: 1, applicantExperience: 1, comment: 'Weak' },
      }),
      state: () => applicationState(w.applicationA),
    },
    {
      route: 'PATCH /reviews/:id (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.reviewOfOther,
      request: (id) => ({ method: 'patch', path: `/reviews/${id}`, body: { workPlanQuality: 1 } }),
      state: () => rows(`SELECT * FROM reviews WHERE id = $1`, w.reviewOfOther),
    },
    {
      route: "PATCH /reviews/:id (a fellow reviewer's review)",
      intruder: () => w.fellowReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.reviewOfOther,
      request: (id) => ({ method: 'patch', path: `/reviews/${id}`, body: { applicantExperience: 1 } }),
      state: () => rows(`SELECT * FROM reviews WHERE id = $1`, w.reviewOfOther),
    },
    {
      route: 'GET /staff/:id (an applicant, to a reviewer not on their cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.staffA.id,
      request: (id) => ({ method: 'get', path: `/staff/${id}` }),
      state: () => staffState(w.staffA.id),
    },
    {
      route: 'GET /cohorts/:id (reviewer not on it)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      ownerGets: 200,
      object: () => w.openCohort,
      request: (id) => ({ method: 'get', path: `/cohorts/${id}` }),
      state: () => cohortState(w.openCohort),
    },
    // Funders: the cohorts their organisation funds, their joint projects and reports.
    ...[
      { route: 'GET /cohorts/:id', path: (id: string) => `/cohorts/${id}` },
      { route: 'GET /reports/cohorts/:id/summary', path: (id: string) => `/reports/cohorts/${id}/summary` },
      ...['json', 'csv', 'xlsx'].map((format) => ({
        route: `GET /reports/cohorts/:id/placements?format=${format}`,
        path: (id: string) => `/reports/cohorts/${id}/placements?format=${format}`,
      })),
    ].map(({ route, path }): Attempt => ({
      route: `${route} (a cohort another funder funds)`,
      intruder: () => w.otherFunder,
      owner: () => w.funder,
      ownerGets: 200,
      object: () => w.cohortA.id,
      request: (id) => ({ method: 'get', path: path(id) }),
      state: () => cohortState(w.cohortA.id),
    })),
    {
      route: 'GET /joint-projects/:id (of a cohort another funder funds)',
      intruder: () => w.otherFunder,
      owner: () => w.funder,
      ownerGets: 200,
      object: () => w.projectA,
      request: (id) => ({ method: 'get', path: `/joint-projects/${id}` }),
      state: () => projectState(w.projectA),
    },
  ];

  const ownOnly: OwnOnly[] = [
    {
      route: 'POST /notifications/read-all',
      intruder: participantB,
      request: () => ({ method: 'post', path: '/notifications/read-all' }),
      intruderGets: 200,
      state: () => inboxState(w.a.userId),
    },
    {
      route: 'DELETE /notifications/webhook',
      intruder: participantB,
      request: () => ({ method: 'delete', path: '/notifications/webhook' }),
      intruderGets: 204,
      state: () => rows(`SELECT webhook_url, webhook_secret FROM users WHERE id = $1`, w.a.userId),
    },
  ];

  const listings: Listing[] = [
    {
      route: 'GET /applications?staffId=',
      intruder: participantB,
      owner: participantA,
      path: () => `/applications?staffId=${w.staffA.id}`,
      hidden: () => [w.applicationA, w.applicationToWithdraw],
    },
    {
      route: 'GET /placements?staffId=',
      intruder: participantB,
      owner: participantA,
      path: () => `/placements?staffId=${w.staffA.id}`,
      hidden: () => [w.placementA, w.proposedToAccept, w.proposedToDecline],
    },
    {
      route: 'GET /exchange-logs?placementId=',
      intruder: participantB,
      owner: participantA,
      path: () => `/exchange-logs?placementId=${w.placementA}`,
      hidden: () => [w.logA],
    },
    {
      route: 'GET /participant-reports?placementId=',
      intruder: participantB,
      owner: participantA,
      path: () => `/participant-reports?placementId=${w.placementA}`,
      hidden: () => [w.reportA],
    },
    {
      route: 'GET /notifications',
      intruder: participantB,
      owner: participantA,
      path: () => '/notifications?pageSize=100',
      hidden: () => [w.notificationA],
    },
    {
      route: 'GET /staff',
      intruder: participantB,
      owner: participantA,
      path: () => `/staff?organisationId=${w.staffA.organisationId}`,
      hidden: () => [w.staffA.id],
    },
    {
      route: 'GET /cohorts',
      intruder: participantB,
      owner: participantA,
      path: () => '/cohorts?pageSize=100',
      hidden: () => [w.cohortA.id],
    },
    {
      route: 'GET /joint-projects',
      intruder: participantB,
      owner: participantA,
      path: () => '/joint-projects?pageSize=100',
      hidden: () => [w.projectA],
    },
    {
      route: 'GET /applications?cohortId= (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      path: () => `/applications?cohortId=${w.openCohort}`,
      hidden: () => [w.applicationA],
    },
    {
      route: 'GET /staff (reviewer not on the cohort)',
      intruder: () => w.outsideReviewer,
      owner: () => w.reviewer,
      path: () => '/staff?pageSize=100',
      hidden: () => [w.staffA.id],
    },
    {
      route: 'GET /cohorts (funder of another cohort)',
      intruder: () => w.otherFunder,
      owner: () => w.funder,
      path: () => '/cohorts?pageSize=100',
      hidden: () => [w.cohortA.id],
    },
    {
      route: 'GET /joint-projects (funder of another cohort)',
      intruder: () => w.otherFunder,
      owner: () => w.funder,
      path: () => '/joint-projects?pageSize=100',
      hidden: () => [w.projectA],
    },
    {
      route: 'GET /reports/overview (funder of another cohort)',
      intruder: () => w.otherFunder,
      owner: () => w.funder,
      path: () => '/reports/overview?from=2020-01-01&to=2035-12-31',
      hidden: () => [w.cohortA.id],
    },
  ];

  beforeAll(async () => {
    app = await TestApp.start();
    w.coordinator = await app.signIn('coordinator');
    const coordinator = w.coordinator.token;
    const placed = await aParticipantWithPlacement(app, coordinator, { until: 'confirmed' });
    Object.assign(w, { a: placed.participant, staffA: placed.staff, cohortA: placed.cohort });
    w.placementA = placed.placementId;
    const other = await aParticipantWithPlacement(app, coordinator, { until: 'confirmed' });
    w.b = other.participant;
    w.cohortB = other.cohort.id;
    const [{ host_organisation_id: hostId }] = await rows(
      `SELECT host_organisation_id FROM placements WHERE id = $1`,
      w.placementA,
    );

    // More of A's applications and placements, each in a cohort of its own (one per staff member and cohort).
    const application = async (cohortId: string) =>
      (await anApplication(app, { cohortId, staffId: w.staffA.id, preferredHostIds: [hostId] })).id;
    w.openCohort = (await aCohort(app, { status: 'open' })).id;
    w.applicationA = await application(w.openCohort);
    const withdrawCohort = (await aCohort(app, { status: 'open' })).id;
    w.applicationToWithdraw = await application(withdrawCohort);
    const proposed = async () => {
      const cohort = await aCohort(app, { status: 'open' });
      return placeApplicant(app, coordinator, {
        applicationId: await application(cohort.id),
        cohortId: cohort.id,
        hostOrganisationId: hostId,
        startsOn: '2027-08-02',
        endsOn: '2027-09-12',
      });
    };
    w.proposedToAccept = await proposed();
    w.proposedToDecline = await proposed();

    // Checklist, logs, reports and inbox of A's confirmed placement, through the API as A.
    const placement = await send(w.a.token, { method: 'get', path: `/placements/${w.placementA}` }).expect(200);
    const keys = (placement.body.checklist as Array<{ key: string }>).map((item) => item.key);
    [w.openItem, w.tickedItem] = keys;
    await send(w.a.token, {
      method: 'put',
      path: `/placements/${w.placementA}/checklist/${w.tickedItem}`,
      body: { done: true },
    }).expect(200);
    const log = async (loggedOn: string, headers?: Record<string, string>) =>
      (
        await send(w.a.token, {
          method: 'post',
          path: '/exchange-logs',
          body: logBody(w.placementA, loggedOn),
          headers,
        }).expect(201)
      ).body.id as string;
    w.logA = await log('2027-08-05');
    w.logToDelete = await log('2027-08-06');
    w.idempotentLog = { key: randomUUID(), body: logBody(w.placementA, '2027-08-07') };
    await log('2027-08-07', { 'idempotency-key': w.idempotentLog.key });
    const reports = await send(w.a.token, {
      method: 'get',
      path: `/participant-reports?placementId=${w.placementA}&kind=midterm`,
    }).expect(200);
    const [midterm] = reports.body.items as Array<{ id: string; questions: string[] }>;
    w.reportA = midterm.id;
    w.reportAnswers = midterm.questions.map((_, index) => `Answer ${index + 1}`);
    const inbox = await send(w.a.token, { method: 'get', path: '/notifications' }).expect(200);
    expect(inbox.body.total).toBeGreaterThan(1);
    w.notificationA = inbox.body.items[0].id;
    // Registering through the API needs a public https host that resolves; only its being there matters here.
    await rows(
      `UPDATE users SET webhook_url = 'https://hooks.example.org/a', webhook_secret = 'secret-of-a' WHERE id = $1`,
      w.a.userId,
    );

    // A joint project of A's organisation and host, in A's cohort.
    const project = await send(coordinator, {
      method: 'post',
      path: '/joint-projects',
      body: {
        cohortId: w.cohortA.id,
        title: 'River monitoring together',
        summary: 'Both partners train village monitors.',
        thematicAreas: ['water_resources'],
        partnerOrganisationIds: [w.staffA.organisationId, hostId],
      },
    }).expect(201);
    w.projectA = project.body.id;

    // The committee of A's open cohort, and a reviewer who sits on another cohort only.
    w.reviewer = await app.signIn('reviewer');
    w.fellowReviewer = await app.signIn('reviewer');
    w.outsideReviewer = await app.signIn('reviewer');
    await send(coordinator, {
      method: 'put',
      path: `/cohorts/${w.openCohort}/reviewers`,
      body: { userIds: [w.reviewer.userId, w.fellowReviewer.userId] },
    }).expect(200);
    await send(coordinator, {
      method: 'put',
      path: `/cohorts/${w.cohortB}/reviewers`,
      body: { userIds: [w.outsideReviewer.userId] },
    }).expect(200);
    const someoneElse = await aStaffMember(app, { organisationId: w.staffA.organisationId });
    const otherApplication = await anApplication(app, {
      cohortId: w.openCohort,
      staffId: someoneElse.id,
      preferredHostIds: [hostId],
    });
    const review = await send(w.reviewer.token, {
      method: 'post',
      path: `/applications/${otherApplication.id}/reviews`,
      body: { organisationalCompatibility: 4, workPlanQuality: 4, applicantExperience: 4 },
    }).expect(201);
    w.reviewOfOther = review.body.id;

    // Two funders, each funding one cohort.
    const funding = async (cohortId: string) => {
      const organisation = await anOrganisation(app, { region: 'EU', type: 'funder', hostingCapacity: 0 });
      await send(coordinator, {
        method: 'put',
        path: `/cohorts/${cohortId}/funders`,
        body: { organisationIds: [organisation.id] },
      }).expect(200);
      return app.signIn('funder', { organisationId: organisation.id });
    };
    w.funder = await funding(w.cohortA.id);
    w.otherFunder = await funding(w.cohortB);
  }, 60_000);

  afterAll(() => app.close());

  /** The parts of a problem that could tell one 404 from another. */
  const problemOf = (response: Response) => ({
    status: response.status,
    contentType: response.headers['content-type'],
    type: response.body.type,
    title: response.body.title,
    detail: response.body.detail,
  });

  it.each(attempts)('$route: 404 as for no such object, nothing changed', async (attempt) => {
    const intruder = attempt.intruder();
    const before = { object: await attempt.state(), trace: await traceOf(intruder.userId) };

    const response = await send(intruder.token, attempt.request(attempt.object()));
    // The answer and the stored object together, so that a failure shows both.
    expect({
      answer: problemOf(response),
      object: await attempt.state(),
      trace: await traceOf(intruder.userId),
    }).toEqual({
      answer: { ...problemOf(await send(intruder.token, attempt.request(randomUUID()))), status: 404 },
      ...before,
    });
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect(response.headers['content-type']).toMatch(PROBLEM);

    const owner = await send(attempt.owner().token, attempt.request(attempt.object()));
    expect({ status: owner.status, body: owner.status < 300 ? 'ok' : owner.body }).toEqual({
      status: attempt.ownerGets,
      body: 'ok',
    });
  });

  it.each(ownOnly)("$route: acts on the caller's own only", async (attempt) => {
    const before = await attempt.state();
    const response = await send(attempt.intruder().token, attempt.request());
    expect({ status: response.status, state: await attempt.state() }).toEqual({
      status: attempt.intruderGets,
      state: before,
    });
  });

  it.each(listings)("$route: none of another's objects listed", async (listing) => {
    const request: Call = { method: 'get', path: listing.path() };
    const intruder = await send(listing.intruder().token, request).expect(200);
    const owner = await send(listing.owner().token, request).expect(200);
    for (const id of listing.hidden()) {
      expect(intruder.text).not.toContain(id);
      expect(owner.text).toContain(id);
    }
  });
});
