import { ApplicationsService } from '../src/applications/applications.service';
import { CohortsService } from '../src/cohorts/cohorts.service';
import { DemoExchanges } from '../src/demo/demo-exchanges';
import { DemoProgramme } from '../src/demo/demo-programme';
import { JointProjectsService } from '../src/joint-projects/joint-projects.service';
import { ParticipantReportsService } from '../src/participant-reports/participant-reports.service';
import { PlacementsService } from '../src/placements/placements.service';
import { MatchingRunsService } from '../src/matching/matching-runs.service';
import { DemoSeed } from '../src/demo/demo-seed';
import { ReviewsService } from '../src/reviews/reviews.service';
import { UsersService } from '../src/users/users.service';
import { TestApp } from './support/test-app';

/** The demo that `npm run demo` seeds, seen through the API by each of its accounts. */
describe('Demo data (HTTP)', () => {
  let app: TestApp;
  let password: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const programme = new DemoProgramme(
      app.dataSource,
      app.get(CohortsService),
      app.get(ApplicationsService),
      app.get(ReviewsService),
      app.get(MatchingRunsService),
      new DemoExchanges(
        app.dataSource,
        app.get(PlacementsService),
        app.get(ParticipantReportsService),
        app.get(JointProjectsService),
      ),
    );
    const seed = new DemoSeed(app.get(UsersService), programme, app.dataSource);
    ({ password } = await seed.run());
    // A second run keeps the data as it is and only renews the password.
    ({ password } = await seed.run());
  }, 120_000);

  afterAll(() => app.close());

  const signIn = async (role: string) => {
    const response = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: `${role}@twinning.example`, password })
      .expect(200);
    return { authorization: `Bearer ${response.body.accessToken}` };
  };

  it('has organisations on both sides in at least ten countries, and 150 staff', async () => {
    const coordinator = await signIn('coordinator');
    const organisations = await app.http().get('/api/v1/organisations?pageSize=100').set(coordinator).expect(200);
    expect(organisations.body.total).toBeGreaterThanOrEqual(40);
    const countries = new Set(
      organisations.body.items.map((organisation: { country: string }) => organisation.country),
    );
    expect(countries.size).toBeGreaterThanOrEqual(10);
    for (const region of ['EU', 'CN']) {
      const side = await app.http().get(`/api/v1/organisations?region=${region}&hostsOnly=true`).set(coordinator);
      expect(side.body.total).toBeGreaterThan(10);
    }
    const staff = await app.http().get('/api/v1/staff').set(coordinator).expect(200);
    expect(staff.body.total).toBe(150);
  });

  it('has a cohort in each status and applications in every state', async () => {
    const coordinator = await signIn('coordinator');
    const cohorts = await app.http().get('/api/v1/cohorts').set(coordinator).expect(200);
    expect(cohorts.body.items.map((cohort: { status: string }) => cohort.status).sort()).toEqual([
      'active',
      'closed',
      'draft',
      'matching',
      'open',
    ]);
    for (const status of ['submitted', 'accepted', 'rejected', 'withdrawn']) {
      const applications = await app.http().get(`/api/v1/applications?status=${status}`).set(coordinator);
      expect(applications.body.total).toBeGreaterThan(0);
    }
    const ranked = await app.http().get('/api/v1/applications?sort=-averageScore').set(coordinator).expect(200);
    expect(ranked.body.items[0].reviewCount).toBeGreaterThan(0);
  });

  it('has, in the cohort in matching, a dry run and an applied optimal run with its proposed placements', async () => {
    const coordinator = await signIn('coordinator');
    const cohorts = await app.http().get('/api/v1/cohorts?status=matching').set(coordinator).expect(200);
    const runs = await app
      .http()
      .get(`/api/v1/cohorts/${cohorts.body.items[0].id}/matching-runs`)
      .set(coordinator)
      .expect(200);
    expect(runs.body.items.map((run: { algorithm: string; dryRun: boolean }) => [run.algorithm, run.dryRun])).toEqual([
      ['optimal', false],
      ['stable', true],
    ]);
    const [applied] = runs.body.items;
    expect(applied).toMatchObject({ status: 'succeeded', appliedAt: expect.any(String) });
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM placements WHERE matching_run_id = $1 AND status = 'proposed'`,
      [applied.id],
    );
    expect(count).toBe(applied.statistics.placed);
    expect(count).toBeGreaterThan(0);
  });

  it('has placements in every state, a few hundred logs, reports in every state and a dozen joint projects', async () => {
    const coordinator = await signIn('coordinator');
    for (const status of ['proposed', 'accepted', 'confirmed', 'in_progress', 'completed', 'declined', 'cancelled']) {
      const placements = await app.http().get(`/api/v1/placements?status=${status}`).set(coordinator).expect(200);
      expect({ status, some: placements.body.total > 0 }).toEqual({ status, some: true });
    }
    const logs = await app.http().get('/api/v1/exchange-logs').set(coordinator).expect(200);
    expect(logs.body.total).toBeGreaterThanOrEqual(200);
    for (const status of ['due', 'submitted', 'accepted', 'returned']) {
      const reports = await app.http().get(`/api/v1/participant-reports?status=${status}`).set(coordinator).expect(200);
      expect({ status, some: reports.body.total > 0 }).toEqual({ status, some: true });
    }
    const projects = await app.http().get('/api/v1/joint-projects?pageSize=100').set(coordinator).expect(200);
    expect(projects.body.total).toBeGreaterThanOrEqual(12);
    const [withMilestones] = projects.body.items;
    const project = await app.http().get(`/api/v1/joint-projects/${withMilestones.id}`).set(coordinator).expect(200);
    expect(project.body.milestones.length).toBeGreaterThan(0);
  });

  it('gives the funder reports with data: hours, reports on time and late, grants, pairs twinned both ways', async () => {
    const funder = await signIn('funder');
    const overview = await app.http().get('/api/v1/reports/overview').set(funder).expect(200);
    const closed = overview.body.find((cohort: { status: string }) => cohort.status === 'closed');
    const summary = await app.http().get(`/api/v1/reports/cohorts/${closed.id}/summary`).set(funder).expect(200);
    const { loggedHours, participantReports, grants, twinningPairs } = summary.body;
    expect(twinningPairs.completedBothDirections).toBeGreaterThan(0);
    expect(loggedHours.total).toBeGreaterThan(0);
    expect(participantReports.submittedOnTime).toBeGreaterThan(0);
    expect(participantReports.submittedOnTime).toBeLessThan(participantReports.submitted);
    expect(grants.totals[0].amountMinor).toBeGreaterThan(0);
  });

  it('shows the participant their own profile and applications, the funder its funded cohorts', async () => {
    const participant = await signIn('participant');
    const me = await app.http().get('/api/v1/staff/me').set(participant).expect(200);
    expect(me.body.fullName).toBe('王芳');
    const own = await app.http().get('/api/v1/applications').set(participant).expect(200);
    expect(own.body.total).toBeGreaterThanOrEqual(2);
    expect(own.body.items.every((item: { applicant: { id: string } }) => item.applicant.id === me.body.id)).toBe(true);

    const funder = await signIn('funder');
    const funded = await app.http().get('/api/v1/cohorts').set(funder).expect(200);
    expect(funded.body.total).toBe(3);

    const reviewer = await signIn('reviewer');
    const assigned = await app.http().get('/api/v1/cohorts').set(reviewer).expect(200);
    expect(assigned.body.total).toBe(5);
  });
});
