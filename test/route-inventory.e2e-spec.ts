import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ApplicationsService } from '../src/applications/applications.service';
import { AuthService } from '../src/auth/auth.service';
import { CohortsService } from '../src/cohorts/cohorts.service';
import { DEFAULT_REPORT_QUESTIONS } from '../src/cohorts/grant-rules';
import { Role, ROLES } from '../src/common/auth/role';
import type { Environment } from '../src/config/environment';
import { ExchangeLogsService } from '../src/exchange-logs/exchange-logs.service';
import { JointProjectsService } from '../src/joint-projects/joint-projects.service';
import { MatchingRunsService } from '../src/matching/matching-runs.service';
import { NotificationsService } from '../src/notifications/notifications.service';
import { WebhookService } from '../src/notifications/webhook.service';
import { ParticipantReportsService } from '../src/participant-reports/participant-reports.service';
import { PlacementsService } from '../src/placements/placements.service';
import { QUEUES } from '../src/queues/queues';
import { ReviewsService } from '../src/reviews/reviews.service';
import {
  aCohort,
  anApplication,
  anInvitation,
  anOrganisation,
  aStaffMember,
  aUser,
  TEST_PASSWORD,
} from './support/builders';
import { as, expectProblem, PROBLEM, unique } from './support/http';
import {
  documentedOperations,
  DocumentedOperation,
  nestRoutes,
  NestRoute,
  pathParameters,
  RouteKey,
  routeKey,
  startRecordingRoutes,
} from './support/route-inventory';
import type { TestApp } from './support/test-app';

/** Routes whose answer issues tokens: never stored for replay. */
const ISSUES_TOKENS = new Set(['POST /api/v1/auth/accept-invitation']);

/**
 * Every route the server answers, walked from what Fastify registered: each route of the API has a handler with an
 * access rule, an OpenAPI operation, and a row in the role matrix below (SPEC §4); each is refused without valid
 * credentials and gives each role exactly what its row says. The routes outside /api/v1 (health, Swagger UI,
 * Bull Board, the CORS preflight) are named and checked on their own terms.
 */

type Account = Awaited<ReturnType<TestApp['signIn']>>;
type World = Awaited<ReturnType<typeof buildWorld>>;

/** What a request carries besides its method and path template (which its row's key gives). */
interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: object;
}

interface Row {
  /** SPEC §4 (and docs/decisions.md where it refines §4): who may call the route. */
  access: 'public' | readonly Role[];
  /** A valid request for `role` (null: nobody signed in), with fresh objects where the call uses one up. */
  call: (world: World, role: Role | null) => Call | Promise<Call>;
}

const ADMIN_AND_COORDINATOR = ['admin', 'coordinator'] as const;
const EVERYONE = ROLES;

const STARTS_ON = '2027-08-02';
const ENDS_ON = '2027-09-12';
const WEBHOOK_URL = 'https://93.184.216.34/twinning';

const id = (value: string): Call => ({ params: { id: value } });
const answersTo = (questions: string[]) => questions.map((_, index) => `Answer number ${index + 1}.`);
const reviewScores = { organisationalCompatibility: 4, workPlanQuality: 4, applicantExperience: 3 };

/**
 * The role matrix: one row per route of the app, by method and path as the server registers them. A route without
 * a row fails the suite, and so does a row whose route does not exist.
 */
const ROUTES: Record<RouteKey, Row> = {
  // Signing in and out (§4 "Authentication").
  'POST /api/v1/auth/login': {
    access: 'public',
    call: async (w) => {
      const account = await w.freshAccount();
      return { body: { email: account.email, password: TEST_PASSWORD } };
    },
  },
  'POST /api/v1/auth/refresh': { access: 'public', call: async (w) => ({ body: { refreshToken: await w.aLogin() } }) },
  'POST /api/v1/auth/logout': { access: 'public', call: async (w) => ({ body: { refreshToken: await w.aLogin() } }) },
  'POST /api/v1/auth/accept-invitation': {
    access: 'public',
    call: async (w) => ({ body: { token: (await anInvitation(w.app)).token, password: TEST_PASSWORD } }),
  },
  'GET /api/v1/auth/me': { access: EVERYONE, call: () => ({}) },

  // Users, roles, invitations: admins all; coordinators invite; everyone else their own account (/auth/me).
  'GET /api/v1/users': { access: ['admin'], call: () => ({}) },
  'GET /api/v1/users/:id': { access: ['admin'], call: (w) => id(w.accounts.participant.userId) },
  'PATCH /api/v1/users/:id': {
    access: ['admin'],
    call: (w) => ({ ...id(w.spareUserId), body: { displayName: 'Renamed Person' } }),
  },
  'POST /api/v1/invitations': {
    access: ADMIN_AND_COORDINATOR,
    call: () => ({
      body: { email: `invitee-${unique()}@example.org`, displayName: 'Invited Person', role: 'reviewer' },
    }),
  },
  'GET /api/v1/invitations': { access: ADMIN_AND_COORDINATOR, call: () => ({}) },
  'DELETE /api/v1/invitations/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => id((await anInvitation(w.app)).invitation.id),
  },

  // Organisations: admins and coordinators all, everyone else reads.
  'POST /api/v1/organisations': {
    access: ADMIN_AND_COORDINATOR,
    call: () => ({
      body: {
        name: `Organisation ${unique()}`,
        type: 'ngo',
        region: 'EU',
        country: 'FR',
        city: 'Lyon',
        latitude: 45.764,
        longitude: 4.8357,
        thematicAreas: ['other'],
        workingLanguages: ['fr'],
        hostingCapacity: 1,
      },
    }),
  },
  'GET /api/v1/organisations': { access: EVERYONE, call: () => ({}) },
  'GET /api/v1/organisations/:id': { access: EVERYONE, call: (w) => id(w.cn.id) },
  'PATCH /api/v1/organisations/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.spareOrganisationId), body: { hostingCapacity: 3 } }),
  },
  'DELETE /api/v1/organisations/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => id((await anOrganisation(w.app)).id),
  },

  // Staff profiles: reviewers read applicants of their cohorts; participants their own; funders none.
  'POST /api/v1/staff': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({
      body: {
        organisationId: w.eu.id,
        fullName: 'New Person',
        email: `staff-${unique()}@example.org`,
        languages: [],
        expertise: [],
      },
    }),
  },
  'GET /api/v1/staff': { access: ['admin', 'coordinator', 'reviewer', 'participant'], call: () => ({}) },
  'GET /api/v1/staff/me': { access: ['participant'], call: () => ({}) },
  'GET /api/v1/staff/:id': {
    access: ['admin', 'coordinator', 'reviewer', 'participant'],
    call: (w) => id(w.own.id),
  },
  'PATCH /api/v1/staff/:id': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => ({ ...id(w.own.id), body: { jobTitle: 'Programme lead' } }),
  },
  'GET /api/v1/staff/:id/consents': { access: ['admin', 'coordinator', 'participant'], call: (w) => id(w.own.id) },
  'POST /api/v1/staff/:id/consents': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => ({
      ...id(w.own.id),
      body: { purpose: 'share_with_funders', granted: true, textVersion: '2027-01' },
    }),
  },
  // Personal data: the person themselves, admins and coordinators; erasure is an admin's (docs/decisions.md).
  'GET /api/v1/staff/:id/export': { access: ['admin', 'coordinator', 'participant'], call: (w) => id(w.own.id) },
  'POST /api/v1/staff/:id/erase': { access: ['admin'], call: async (w) => id((await w.aStaff()).id) },

  // Cohorts: admins and coordinators all; the other roles read those they are assigned to, may apply to, or fund.
  'POST /api/v1/cohorts': {
    access: ADMIN_AND_COORDINATOR,
    call: () => ({
      body: { name: `Cohort ${unique()}`, applicationOpensOn: '2027-01-10', applicationClosesOn: '2027-03-31' },
    }),
  },
  'GET /api/v1/cohorts': { access: EVERYONE, call: () => ({}) },
  'GET /api/v1/cohorts/:id': { access: EVERYONE, call: (w) => id(w.open.id) },
  'PATCH /api/v1/cohorts/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.spareCohortId), body: { description: 'Water and climate, second round.' } }),
  },
  'POST /api/v1/cohorts/:id/transitions': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => ({ ...id((await aCohort(w.app, { status: 'draft' })).id), body: { to: 'open' } }),
  },
  'PUT /api/v1/cohorts/:id/reviewers': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.spareCohortId), body: { userIds: [w.accounts.reviewer.userId] } }),
  },
  'PUT /api/v1/cohorts/:id/funders': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.spareCohortId), body: { organisationIds: [w.funderOrganisation.id] } }),
  },

  // Applications: admins and coordinators all; reviewers read those of their cohorts; participants their own (apply, withdraw).
  'POST /api/v1/applications': {
    access: ['admin', 'coordinator', 'participant'],
    call: async (w, role) => {
      const body = {
        kind: 'single',
        availableFrom: '2027-08-01',
        availableTo: '2027-09-30',
        preferredHostIds: [w.cn.id],
        motivation: 'To learn how community water monitoring works elsewhere.',
        workPlan: 'Four weeks with the host team, then a joint workshop.',
      };
      // A participant applies for their own profile, once per cohort.
      if (role === 'participant') return { body: { ...body, cohortId: (await aCohort(w.app)).id } };
      return { body: { ...body, cohortId: w.open.id, staffId: (await w.aStaff()).id } };
    },
  },
  'GET /api/v1/applications': { access: ['admin', 'coordinator', 'reviewer', 'participant'], call: () => ({}) },
  'GET /api/v1/applications/:id': {
    access: ['admin', 'coordinator', 'reviewer', 'participant'],
    call: (w) => id(w.application.id),
  },
  'PATCH /api/v1/applications/:id': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => ({
      ...id(w.application.id),
      body: { motivation: 'To learn how community water monitoring works in Chengdu.' },
    }),
  },
  'POST /api/v1/applications/:id/transitions': {
    access: ['admin', 'coordinator', 'participant'],
    call: async (w, role) => {
      // One-way moves: each caller gets an application of their own to move.
      if (role === 'participant') {
        const cohort = await aCohort(w.app);
        const mine = await anApplication(w.app, {
          cohortId: cohort.id,
          staffId: w.own.id,
          preferredHostIds: [w.cn.id],
        });
        return { ...id(mine.id), body: { to: 'withdrawn' } };
      }
      const theirs = await anApplication(w.app, {
        cohortId: w.open.id,
        staffId: (await w.aStaff()).id,
        preferredHostIds: [w.cn.id],
      });
      return { ...id(theirs.id), body: { to: 'accepted' } };
    },
  },

  // Reviews: admins and coordinators all; reviewers their own on assigned cohorts; nobody else.
  'GET /api/v1/applications/:id/reviews': {
    access: ['admin', 'coordinator', 'reviewer'],
    call: (w) => id(w.application.id),
  },
  'POST /api/v1/applications/:id/reviews': {
    access: ['admin', 'coordinator', 'reviewer'],
    call: (w) => ({ ...id(w.application.id), body: { ...reviewScores, comment: 'A clear plan and a good fit.' } }),
  },
  'PATCH /api/v1/reviews/:id': {
    access: ['admin', 'coordinator', 'reviewer'],
    call: async (w, role) => ({ ...id(await w.aReviewBy(role!)), body: { comment: 'Revised after the interview.' } }),
  },

  // Matching runs: admins and coordinators only.
  'POST /api/v1/cohorts/:id/matching-runs': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.exchange.cohortId), body: { algorithm: 'optimal', dryRun: true } }),
  },
  'GET /api/v1/cohorts/:id/matching-runs': { access: ADMIN_AND_COORDINATOR, call: (w) => id(w.exchange.cohortId) },
  'GET /api/v1/matching-runs/:id': { access: ADMIN_AND_COORDINATOR, call: (w) => id(w.dryRunId) },
  'POST /api/v1/matching-runs/:id/apply': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => id(await w.aRunReadyToApply()),
  },

  // Placements: admins and coordinators all; participants their own (read, accept or decline, tick their checklist).
  'POST /api/v1/placements': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => {
      const { applicationId } = await w.acceptedInMatching((await w.aStaff()).id);
      return { body: { applicationId, hostOrganisationId: w.cn.id, startsOn: STARTS_ON, endsOn: ENDS_ON } };
    },
  },
  'GET /api/v1/placements': { access: ['admin', 'coordinator', 'participant'], call: () => ({}) },
  'GET /api/v1/placements/:id': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => id(w.exchange.placementId),
  },
  'PATCH /api/v1/placements/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.exchange.placementId), body: { mentorName: 'Li Wei' } }),
  },
  'POST /api/v1/placements/:id/transitions': {
    access: ['admin', 'coordinator', 'participant'],
    call: async (w, role) => {
      if (role === 'participant')
        return { ...id((await w.aPlacement(w.own.id)).placementId), body: { to: 'accepted' } };
      const { placementId } = await w.aPlacement((await w.aStaff()).id);
      return { ...id(placementId), body: { to: 'cancelled', reason: 'The host cannot receive anyone this year.' } };
    },
  },
  'PUT /api/v1/placements/:id/checklist/:key': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => ({
      params: { id: w.exchange.placementId, key: w.exchange.checklistKey },
      body: { done: true },
    }),
  },
  'GET /api/v1/cohorts/:id/twinning-pairs': { access: ADMIN_AND_COORDINATOR, call: (w) => id(w.exchange.cohortId) },

  // Exchange logs and participant reports: admins all, coordinators read all (and review reports),
  // participants write on their own placements.
  'POST /api/v1/exchange-logs': {
    access: ['admin', 'participant'],
    call: (w) => ({
      body: {
        placementId: w.exchange.placementId,
        loggedOn: w.nextLogDay(),
        hours: 4,
        activityType: 'workshop',
        title: 'Workshop on volunteer monitoring',
      },
    }),
  },
  'GET /api/v1/exchange-logs': { access: ['admin', 'coordinator', 'participant'], call: () => ({}) },
  'GET /api/v1/exchange-logs/:id': { access: ['admin', 'coordinator', 'participant'], call: (w) => id(w.logId) },
  'PATCH /api/v1/exchange-logs/:id': {
    access: ['admin', 'participant'],
    call: (w) => ({ ...id(w.logId), body: { title: 'First meeting with the whole host team' } }),
  },
  'DELETE /api/v1/exchange-logs/:id': { access: ['admin', 'participant'], call: async (w) => id(await w.aLog()) },
  'GET /api/v1/participant-reports': { access: ['admin', 'coordinator', 'participant'], call: () => ({}) },
  'GET /api/v1/participant-reports/:id': {
    access: ['admin', 'coordinator', 'participant'],
    call: (w) => id(w.exchange.reports.midterm),
  },
  'POST /api/v1/participant-reports/:id/submission': {
    access: ['admin', 'participant'],
    // Each caller hands in a report of their own: the placement's midterm and final are due.
    call: (w, role) => {
      const kind = role === 'admin' ? 'midterm' : 'final';
      return { ...id(w.exchange.reports[kind]), body: { answers: answersTo(DEFAULT_REPORT_QUESTIONS[kind]) } };
    },
  },
  'POST /api/v1/participant-reports/:id/review': {
    access: ADMIN_AND_COORDINATOR,
    call: (w, role) => ({
      ...id(w.otherExchange.reports[role === 'admin' ? 'midterm' : 'final']),
      body: { decision: 'accepted' },
    }),
  },

  // Joint projects: admins and coordinators all; participants read their organisation's; funders those of funded cohorts.
  'POST /api/v1/joint-projects': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ body: w.projectBody() }),
  },
  'GET /api/v1/joint-projects': { access: ['admin', 'coordinator', 'participant', 'funder'], call: () => ({}) },
  'GET /api/v1/joint-projects/:id': {
    access: ['admin', 'coordinator', 'participant', 'funder'],
    call: (w) => id(w.projectId),
  },
  'PATCH /api/v1/joint-projects/:id': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.projectId), body: { summary: 'Volunteer river monitoring in both cities.' } }),
  },
  'POST /api/v1/joint-projects/:id/transitions': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => ({ ...id(await w.aProject()), body: { to: 'proposed' } }),
  },
  'POST /api/v1/joint-projects/:id/milestones': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({ ...id(w.projectId), body: { title: 'Joint report published', dueOn: '2028-06-30' } }),
  },
  'PATCH /api/v1/joint-projects/:id/milestones/:milestoneId': {
    access: ADMIN_AND_COORDINATOR,
    call: (w) => ({
      params: { id: w.projectId, milestoneId: w.milestoneId },
      body: { title: 'Joint workshop in Chengdu' },
    }),
  },
  'DELETE /api/v1/joint-projects/:id/milestones/:milestoneId': {
    access: ADMIN_AND_COORDINATOR,
    call: async (w) => ({ params: { id: w.projectId, milestoneId: await w.aMilestone() } }),
  },

  // Reports and exports: admins and coordinators all; funders the cohorts they fund (another cohort is a 404 to them).
  'GET /api/v1/reports/cohorts/:id/summary': {
    access: ['admin', 'coordinator', 'funder'],
    call: (w) => id(w.exchange.cohortId),
  },
  'GET /api/v1/reports/cohorts/:id/placements': {
    access: ['admin', 'coordinator', 'funder'],
    call: (w) => ({ ...id(w.exchange.cohortId), query: { format: 'json' } }),
  },
  'GET /api/v1/reports/overview': {
    access: ['admin', 'coordinator', 'funder'],
    call: () => ({ query: { from: '2027-01-01', to: '2027-12-31' } }),
  },

  // Notifications: everyone their own.
  'GET /api/v1/notifications': { access: EVERYONE, call: () => ({}) },
  'POST /api/v1/notifications/read-all': { access: EVERYONE, call: () => ({}) },
  'GET /api/v1/notifications/preferences': { access: EVERYONE, call: () => ({}) },
  'PUT /api/v1/notifications/preferences': { access: EVERYONE, call: () => ({ body: { mutedEmailTypes: [] } }) },
  'POST /api/v1/notifications/:id/read': {
    access: EVERYONE,
    call: async (w, role) => id(await w.aNotificationFor(w.accounts[role!].userId)),
  },
  'PUT /api/v1/notifications/webhook': { access: EVERYONE, call: () => ({ body: { url: WEBHOOK_URL } }) },
  'GET /api/v1/notifications/webhook': {
    access: EVERYONE,
    call: async (w, role) => {
      await w.app.get(WebhookService).register(w.accounts[role!].userId, WEBHOOK_URL);
      return {};
    },
  },
  'DELETE /api/v1/notifications/webhook': { access: EVERYONE, call: () => ({}) },
  // The delivery desk is an admin tool (§7: failures visible to admins).
  'GET /api/v1/admin/notifications': { access: ['admin'], call: () => ({}) },
  'POST /api/v1/admin/notifications/:id/retry': {
    access: ['admin'],
    call: async (w) => id(await w.aFailedNotification()),
  },

  // Audit trail: admins and coordinators only.
  'GET /api/v1/audit-events': { access: ADMIN_AND_COORDINATOR, call: () => ({}) },

  // For load balancers (§9): outside /api/v1, no credentials.
  'GET /health/live': { access: 'public', call: () => ({}) },
  'GET /health/ready': { access: 'public', call: () => ({}) },
};

/** The programme the requests need: organisations, people, cohorts in each stage, placements, logs, reports. */
async function buildWorld(app: TestApp) {
  const eu = await anOrganisation(app, { region: 'EU' });
  const cn = await anOrganisation(app, { region: 'CN', hostingCapacity: 10 });
  const funderOrganisation = await anOrganisation(app, { region: 'EU', type: 'funder', hostingCapacity: 0 });
  const accounts = {} as Record<Role, Account>;
  for (const role of ROLES) {
    accounts[role] = await app.signIn(role, role === 'funder' ? { organisationId: funderOrganisation.id } : {});
  }
  const viewer = (account: Account, role: Role) => ({ id: account.userId, role, timeZone: 'UTC' });
  const coordinator = viewer(accounts.coordinator, 'coordinator');
  const participant = viewer(accounts.participant, 'participant');
  const own = await aStaffMember(app, { organisationId: eu.id, userId: participant.id });

  const cohorts = app.get(CohortsService);
  const applications = app.get(ApplicationsService);
  const placements = app.get(PlacementsService);
  const reports = app.get(ParticipantReportsService);
  const logs = app.get(ExchangeLogsService);
  const projects = app.get(JointProjectsService);
  const runs = app.get(MatchingRunsService);

  const aStaff = () => aStaffMember(app, { organisationId: eu.id });

  /** An application of `staffId`, accepted, in a cohort of its own now in matching. */
  async function acceptedInMatching(staffId: string) {
    const cohort = await aCohort(app, { status: 'open' });
    const application = await anApplication(app, { cohortId: cohort.id, staffId, preferredHostIds: [cn.id] });
    await applications.transition(application.id, 'accepted', coordinator);
    await cohorts.transition(cohort.id, 'matching', coordinator.id);
    return { cohortId: cohort.id, applicationId: application.id };
  }

  /** A proposed placement of `staffId` at the CN host. */
  async function aPlacement(staffId: string) {
    const accepted = await acceptedInMatching(staffId);
    const { placement } = await placements.create(
      { applicationId: accepted.applicationId, hostOrganisationId: cn.id, startsOn: STARTS_ON, endsOn: ENDS_ON },
      coordinator.id,
    );
    return { ...accepted, placementId: placement.id };
  }

  /** A placement accepted by its participant and confirmed: its checklist and reports exist from here. */
  async function aConfirmedPlacement(staffId: string, by: { id: string; role: Role }) {
    const placed = await aPlacement(staffId);
    await placements.transition(placed.placementId, 'accepted', undefined, by);
    const { checklist } = await placements.transition(placed.placementId, 'confirmed', undefined, coordinator);
    const rows: Array<{ id: string; kind: 'midterm' | 'final' }> = await app.dataSource.query(
      `SELECT id, kind FROM participant_reports WHERE placement_id = $1`,
      [placed.placementId],
    );
    const reportIds = Object.fromEntries(rows.map((row) => [row.kind, row.id])) as Record<'midterm' | 'final', string>;
    return { ...placed, checklistKey: checklist[0].key, reports: reportIds };
  }

  const open = await aCohort(app, { status: 'open' });
  await cohorts.assignReviewers(open.id, [accounts.reviewer.userId], coordinator.id);
  await cohorts.assignFunders(open.id, [funderOrganisation.id], coordinator.id);
  const application = await anApplication(app, { cohortId: open.id, staffId: own.id, preferredHostIds: [cn.id] });
  const reviewTarget = await anApplication(app, {
    cohortId: open.id,
    staffId: (await aStaff()).id,
    preferredHostIds: [cn.id],
  });

  // The participant's exchange: confirmed, in a funded cohort in matching, with a log and a dry run beside it.
  const exchange = await aConfirmedPlacement(own.id, participant);
  await cohorts.assignFunders(exchange.cohortId, [funderOrganisation.id], coordinator.id);
  let logDay = 0;
  const nextLogDay = () => `2027-08-${String(10 + logDay++).padStart(2, '0')}`;
  const logBody = (placementId: string, loggedOn: string) => ({
    placementId,
    loggedOn,
    hours: 6,
    activityType: 'meeting' as const,
    title: 'First meeting with the host team',
  });
  const logId = (await logs.create(logBody(exchange.placementId, '2027-08-05'), participant)).id;
  const dryRunId = (await runs.create(exchange.cohortId, { algorithm: 'optimal', dryRun: true }, coordinator.id)).id;

  // Another participant's exchange, whose reports are handed in for review.
  const otherAccount = await app.signIn('participant');
  const otherParticipant = viewer(otherAccount, 'participant');
  const otherStaff = await aStaffMember(app, { organisationId: eu.id, userId: otherAccount.userId });
  const otherExchange = await aConfirmedPlacement(otherStaff.id, otherParticipant);
  for (const kind of ['midterm', 'final'] as const) {
    await reports.submit(otherExchange.reports[kind], answersTo(DEFAULT_REPORT_QUESTIONS[kind]), otherParticipant);
  }

  const projectBody = () => ({
    cohortId: open.id,
    title: `River monitoring ${unique()}`,
    summary: 'Volunteer river monitoring in both cities.',
    thematicAreas: ['water_resources' as const],
    partnerOrganisationIds: [eu.id, cn.id],
  });
  const aProject = async () => (await projects.create(projectBody(), coordinator)).id;
  const projectId = await aProject();
  const aMilestone = async () =>
    (await projects.addMilestone(projectId, { title: 'Joint workshop', dueOn: '2028-03-01' }, coordinator)).id;
  const milestoneId = await aMilestone();

  const spareUser = await aUser(app, { role: 'participant' });
  const notifications = app.get(NotificationsService);
  /** A notification written as the modules write them; its id, found by its unique key. */
  async function aNotification(
    write: (tx: Parameters<NotificationsService['notifyUser']>[0], key: string) => Promise<void>,
  ) {
    const key = `route-inventory:${randomUUID()}`;
    await app.dataSource.transaction((tx) => write(tx, key));
    const [row] = await app.dataSource.query(`SELECT id FROM notifications WHERE dedupe_key = $1`, [key]);
    return row.id as string;
  }
  const invitationNotice = (dedupeKey: string) => ({
    type: 'invitation' as const,
    subject: { type: 'invitation', id: null },
    params: { name: 'Ada', role: 'participant', link: 'https://example.org/x', expiresOn: '2030-01-01' },
    dedupeKey,
  });

  return {
    app,
    accounts,
    eu,
    cn,
    funderOrganisation,
    own,
    open,
    application,
    exchange,
    otherExchange,
    logId,
    dryRunId,
    projectId,
    milestoneId,
    spareCohortId: (await aCohort(app, { status: 'draft' })).id,
    spareOrganisationId: (await anOrganisation(app, { region: 'EU' })).id,
    spareUserId: spareUser.id,
    aStaff,
    acceptedInMatching,
    aPlacement,
    aProject,
    aMilestone,
    projectBody,
    nextLogDay,
    freshAccount: () => aUser(app, { role: 'participant' }),
    /** A login's refresh token, issued as a password sign-in issues it (the password check is tested elsewhere). */
    aLogin: async () => (await app.get(AuthService).login(spareUser)).refreshToken,
    aLog: async () => (await logs.create(logBody(exchange.placementId, nextLogDay()), participant)).id,
    /** A review by `role`'s account, on an application of the cohort the reviewer sits on. */
    aReviewBy: async (role: Role) =>
      (await app.get(ReviewsService).create(reviewTarget.id, reviewScores, viewer(accounts[role], role))).id,
    /** A run the worker would have computed (the same service does it here), ready to apply. */
    aRunReadyToApply: async () => {
      const { cohortId } = await acceptedInMatching((await aStaff()).id);
      const run = await runs.create(cohortId, { algorithm: 'optimal' }, coordinator.id);
      await runs.execute(run.id);
      return run.id;
    },
    aNotificationFor: (userId: string) =>
      aNotification((tx, key) => notifications.notifyUser(tx, userId, invitationNotice(key))),
    aFailedNotification: async () => {
      const notificationId = await aNotification((tx, key) =>
        notifications.notifyAddress(tx, `someone-${unique()}@example.org`, 'en', invitationNotice(key)),
      );
      await app.dataSource.query(
        `UPDATE notifications SET email_status = 'failed', email_attempts = 3, email_last_error = '550 refused'
          WHERE id = $1`,
        [notificationId],
      );
      return notificationId;
    },
  };
}

/** Tokens that must not get anyone in: each differs from a valid token in one way only. */
function craftedTokens(app: TestApp, sub: string) {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const signing = {
    secret: config.getOrThrow('JWT_SECRET', { infer: true }),
    issuer: config.get('JWT_ISSUER', { infer: true }),
    audience: config.get('JWT_AUDIENCE', { infer: true }),
    algorithm: 'HS256' as const,
  };
  const jwt = new JwtService();
  const claims = { sub, role: 'admin' };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return {
    valid: jwt.sign(claims, { ...signing, expiresIn: 300 }),
    refused: {
      'a random string': randomBytes(48).toString('base64url'),
      'an unsigned token (alg: none)': `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
        ...claims,
        iss: signing.issuer,
        aud: signing.audience,
        iat: now,
        exp: now + 300,
      })}.`,
      'an expired token': jwt.sign(claims, { ...signing, expiresIn: -600 }),
      'a token signed with another secret': jwt.sign(claims, {
        ...signing,
        secret: 'another secret of at least thirty-two characters',
        expiresIn: 300,
      }),
    } as Record<string, string>,
  };
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Values for path parameters when the object does not matter (the request is refused before any lookup). */
const anyParams = (key: RouteKey): Record<string, string> =>
  Object.fromEntries(
    pathParameters(key).map((name) => [name, name === 'queueName' ? QUEUES.notifications : randomUUID()]),
  );

// Jest takes `testTimeout` from the top of its configuration only, not from a project: the sweeps below send a few
// thousand requests and build a whole programme, which takes far longer than the default 5 s on a busy machine.
jest.setTimeout(60_000);

describe('Route inventory: every route, its documentation and who may call it', () => {
  let app: TestApp;
  let served: RouteKey[];
  let handlers: Map<RouteKey, NestRoute>;
  let unmatchedHandlers: NestRoute[];
  let operations: Map<RouteKey, DocumentedOperation>;
  let world: World;
  let tokens: ReturnType<typeof craftedTokens>;

  beforeAll(async () => {
    ({ app, served } = await startRecordingRoutes());
    // Each handler is found among the served routes under the API prefix, or outside it (health).
    handlers = new Map();
    unmatchedHandlers = [];
    for (const route of nestRoutes(app.app)) {
      const candidates = [routeKey(route.method, `/api/v1${route.path}`), routeKey(route.method, route.path)];
      const found = candidates.filter((key) => served.includes(key));
      if (found.length === 1 && !handlers.has(found[0])) handlers.set(found[0], route);
      else unmatchedHandlers.push(route);
    }
    operations = documentedOperations((await app.http().get('/docs-json').expect(200)).body);
    world = await buildWorld(app);
    tokens = craftedTokens(app, world.accounts.admin.userId);
  });

  afterAll(() => app.close());

  /** Sends `call` to the route `key`, filling its path parameters. */
  function send(key: RouteKey, call: Call, token?: string): Promise<Response> {
    const [method, template] = key.split(' ');
    const path = template.replace(/:(\w+)|\*/g, (match, name?: string) => {
      const value = name ? call.params?.[name] : 'x';
      if (value === undefined) throw new Error(`${key}: no value for ${match}`);
      return encodeURIComponent(value);
    });
    const agent = app.http();
    let request = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head'](path);
    if (call.query) request = request.query(call.query);
    if (token) request = request.set(as(token));
    return call.body === undefined ? request : request.send(call.body);
  }

  const explain = (response: Response) =>
    `${response.status}${response.body?.type ? ` ${response.body.type}` : ''}${response.body?.detail ? `: ${response.body.detail}` : ''}`;

  const isHeadTwin = (key: RouteKey) => key.startsWith('HEAD ') && served.includes(`GET ${key.slice(5)}` as RouteKey);

  /** The app's own routes: those Nest controllers answer, under /api/v1 and /health. */
  const appRoutes = () => [...handlers.keys()].sort();

  describe('the inventory', () => {
    it('sees every route served: Nest handlers for /api/v1 and /health, and the named routes outside the API', () => {
      const unexplained = served.filter((key) => {
        if (isHeadTwin(key) || handlers.has(key)) return false;
        const [method, url] = key.split(' ');
        if (method === 'OPTIONS' && url === '*') return false; // CORS preflight (enableCors)
        if (url === '/docs' || url.startsWith('/docs/') || url === '/docs-json' || url === '/docs-yaml') return false;
        if (url === '/admin/queues' || url.startsWith('/admin/queues/')) return false;
        return true;
      });
      // A route under /api/v1 or /health that no controller answers (a plain Fastify route) shows up here too.
      expect(unexplained).toEqual([]);
      expect(unmatchedHandlers.map((route) => `${route.name}: ${route.method} ${route.path}`)).toEqual([]);
      expect(appRoutes().length).toBeGreaterThan(70);
      expect(appRoutes().filter((key) => !key.includes(' /api/v1/'))).toEqual([
        'GET /health/live',
        'GET /health/ready',
      ]);
    });

    it('documents every app route in OpenAPI, and documents no route the app does not have', () => {
      const documented = [...operations.keys()].sort();
      expect({ undocumented: appRoutes().filter((key) => !operations.has(key)) }).toEqual({ undocumented: [] });
      expect({ notServed: documented.filter((key) => !handlers.has(key)) }).toEqual({ notServed: [] });
    });

    it('documents each operation: a summary, its path parameters, a success answer, its access rule, and an Idempotency-Key where it creates', () => {
      const problems: string[] = [];
      for (const key of appRoutes()) {
        const operation = operations.get(key);
        if (!operation) continue; // reported above
        const access = handlers.get(key)!.access;
        if (!operation.summary?.trim()) problems.push(`${key}: no summary`);
        for (const name of pathParameters(key)) {
          if (!operation.parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)) {
            problems.push(`${key}: path parameter ${name} not documented`);
          }
        }
        if (!Object.keys(operation.responses).some((status) => isSuccess(Number(status)))) {
          problems.push(`${key}: no success answer documented`);
        }
        // §3: a POST that creates something may be retried, so it takes an Idempotency-Key (@Idempotent()). Not
        // accepting an invitation: its answer holds fresh tokens, which must not be stored to be replayed; a client
        // whose answer was lost signs in with the password it has just set.
        const takesKey = operation.parameters.some(
          (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
        );
        if (key.startsWith('POST ') && '201' in operation.responses && !takesKey && !ISSUES_TOKENS.has(key)) {
          problems.push(`${key}: creates, but takes no Idempotency-Key`);
        }
        const secured = (operation.security ?? []).some((scheme) => 'bearer' in scheme);
        if (access?.public && secured) problems.push(`${key}: public, documented as needing a token`);
        if (!access?.public) {
          if (!secured) problems.push(`${key}: needs a token, documented without one`);
          for (const status of ['401', '403']) {
            if (!(status in operation.responses)) problems.push(`${key}: ${status} not documented`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe('the role matrix', () => {
    it('has one row for each app route, no more and no fewer', () => {
      const rows = Object.keys(ROUTES).sort();
      expect({ withoutRow: appRoutes().filter((key) => !(key in ROUTES)) }).toEqual({ withoutRow: [] });
      expect({ notServed: rows.filter((key) => !handlers.has(key as RouteKey)) }).toEqual({ notServed: [] });
    });

    it('matches the access rule each handler declares (@Public or @Roles), read as the global guard reads it', () => {
      const mismatches: string[] = [];
      for (const [key, route] of handlers) {
        const declared = !route.access ? 'nothing' : route.access.public ? 'public' : [...route.access.roles].sort();
        const row = ROUTES[key];
        const expected = !row ? undefined : row.access === 'public' ? 'public' : [...row.access].sort();
        if (JSON.stringify(declared) !== JSON.stringify(expected)) {
          const matrix = row ? `the matrix says ${JSON.stringify(expected)}` : 'the matrix has no row';
          mismatches.push(`${key} (${route.name}) declares ${JSON.stringify(declared)}, ${matrix}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('answers each allowed role with the success OpenAPI documents, on a real request, and refuses every other role (403)', async () => {
      const mismatches: string[] = [];
      const successUndocumented = new Set<string>();
      const attempt = async (key: RouteKey, row: Row, role: Role | null) => {
        let response: Response;
        try {
          response = await send(key, await row.call(world, role), role ? world.accounts[role].token : undefined);
        } catch (error) {
          mismatches.push(`${key} as ${role ?? 'nobody'}: the request could not be built: ${(error as Error).message}`);
          return;
        }
        if (!isSuccess(response.status)) {
          mismatches.push(`${key} as ${role ?? 'nobody'}: ${explain(response)}, expected a success`);
        } else if (!(String(response.status) in (operations.get(key)?.responses ?? {}))) {
          successUndocumented.add(`${key}: answers ${response.status}`);
        }
      };
      for (const [key, row] of Object.entries(ROUTES) as Array<[RouteKey, Row]>) {
        if (row.access === 'public') await attempt(key, row, null);
        for (const role of ROLES) {
          if (row.access === 'public' || row.access.includes(role)) {
            await attempt(key, row, role);
            continue;
          }
          // Refused by role before any pipe, lookup or body check: the object does not matter.
          const response = await send(key, { params: anyParams(key), body: {} }, world.accounts[role].token);
          if (
            response.status !== 403 ||
            !PROBLEM.test(response.headers['content-type'] ?? '') ||
            response.body.type !== '/problems/forbidden'
          ) {
            mismatches.push(`${key} as ${role}: ${explain(response)}, expected 403 /problems/forbidden`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect([...successUndocumented]).toEqual([]);
    });

    it('lets a participant call a transition route for their own application, yet make only their own move (409)', async () => {
      const cohort = await aCohort(app);
      const mine = await anApplication(app, {
        cohortId: cohort.id,
        staffId: world.own.id,
        preferredHostIds: [world.cn.id],
      });
      const key: RouteKey = 'POST /api/v1/applications/:id/transitions';
      const accept = await send(
        key,
        { params: { id: mine.id }, body: { to: 'accepted' } },
        world.accounts.participant.token,
      );
      expectProblem(accept, 409, '/problems/illegal-transition');
      const [row] = await app.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [mine.id]);
      expect(row.status).toBe('submitted');
    });
  });

  describe('credentials', () => {
    it('crafts tokens that differ from an accepted one only in what they get wrong', async () => {
      // The same claims, issuer, audience and algorithm, signed with the app's secret and still fresh: accepted.
      const me = await app.http().get('/api/v1/auth/me').set(as(tokens.valid)).expect(200);
      expect(me.body.id).toBe(world.accounts.admin.userId);
      await app.http().get('/api/v1/users').set(as(tokens.valid)).expect(200);
    });

    it('answers 401 with a problem on every protected route, without a token and with each forged or stale one', async () => {
      const mismatches: string[] = [];
      const protectedRoutes = appRoutes().filter((key) => !handlers.get(key)!.access?.public);
      expect(protectedRoutes.length).toBeGreaterThan(70);
      for (const key of protectedRoutes) {
        const attempts: Array<[string, string | undefined]> = [
          ['no token', undefined],
          ...Object.entries(tokens.refused),
        ];
        for (const [label, token] of attempts) {
          const response = await send(key, { params: anyParams(key), body: {} }, token);
          const detail = label === 'an expired token' ? 'Access token has expired' : 'Missing or invalid access token';
          if (
            response.status !== 401 ||
            !PROBLEM.test(response.headers['content-type'] ?? '') ||
            response.body.type !== '/problems/unauthenticated' ||
            response.body.detail !== detail ||
            response.headers['www-authenticate'] !== 'Bearer'
          ) {
            mismatches.push(`${key} with ${label}: ${explain(response)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  describe('outside /api/v1', () => {
    it('serves health to anyone (§9)', async () => {
      for (const path of ['/health/live', '/health/ready']) {
        const response = await app.http().get(path).expect(200);
        expect(response.body.status).toBe('ok');
      }
    });

    it('serves Swagger UI and the OpenAPI document to anyone (§3), on each of their routes', async () => {
      const documentation = served.filter((key) => key.startsWith('GET /docs') && !key.includes('*'));
      expect(documentation).toEqual(expect.arrayContaining(['GET /docs', 'GET /docs-json']));
      for (const key of documentation) {
        const response = await send(key, {});
        // Nest's Swagger module registers the UI package's licence file only to answer 404 for it.
        const expected = key === 'GET /docs/LICENSE' ? 404 : 200;
        expect({ key, status: response.status }).toEqual({ key, status: expected });
      }
      // The wildcard serves the UI's own files.
      expect(served).toContain('GET /docs/*');
      await app.http().get('/docs/swagger-ui-bundle.js').expect(200);
    });

    it('keeps every Bull Board route (§9) to admins: 401 without valid credentials, 403 to the other roles', async () => {
      const board = served.filter((key) => key.split(' ')[1].startsWith('/admin/queues') && !isHeadTwin(key));
      expect(board.length).toBeGreaterThan(20);
      const mismatches: string[] = [];
      /** A HEAD answer has no body to read the problem from: its status says it. */
      const refusedAs = (key: RouteKey, response: Response, status: number, type: string) =>
        response.status === status && (key.startsWith('HEAD ') || response.body.type === type);
      for (const key of board) {
        const call = {
          params: anyParams(key),
          body: key.startsWith('GET ') || key.startsWith('HEAD ') ? undefined : {},
        };
        const attempts: Array<[string, string | undefined]> = [
          ['no token', undefined],
          ...Object.entries(tokens.refused),
        ];
        for (const [label, token] of attempts) {
          const response = await send(key, call, token);
          if (!refusedAs(key, response, 401, '/problems/unauthenticated')) {
            mismatches.push(`${key} with ${label}: ${explain(response)}`);
          }
        }
        for (const role of ROLES.filter((candidate) => candidate !== 'admin')) {
          const response = await send(key, call, world.accounts[role].token);
          if (!refusedAs(key, response, 403, '/problems/forbidden')) {
            mismatches.push(`${key} as ${role}: ${explain(response)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      // An admin gets the board and its view of the queues (the writing routes are the board's own business).
      const admin = world.accounts.admin.token;
      await app.http().get('/admin/queues').set(as(admin)).expect(200);
      await app.http().get('/admin/queues/api/queues').set(as(admin)).expect(200);
      await app.http().post('/admin/queues/session').set(as(admin)).expect(204);
    });

    it('grants no cross-origin preflight while CORS_ORIGINS names no origin (the default): 404, no grant', async () => {
      expect(served.filter((key) => key.startsWith('OPTIONS '))).toEqual(['OPTIONS *']);
      const response = await app
        .http()
        .options('/api/v1/users')
        .set('origin', 'https://elsewhere.example')
        .set('access-control-request-method', 'GET');
      expectProblem(response, 404, 'about:blank');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
