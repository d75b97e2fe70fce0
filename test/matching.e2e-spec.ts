import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { runMatching } from '../src/matching/engine/engine';
import type { MatchingInput } from '../src/matching/engine/types';
import { Organisation } from '../src/organisations/organisation.entity';
import { QUEUES } from '../src/queues/queues';
import { StaffMember } from '../src/staff/staff-member.entity';
import { WorkerModule } from '../src/worker.module';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem } from './support/http';
import { TestApp } from './support/test-app';

/** Matching through the API, Redis and the real worker process's modules. */
describe('Matching runs (HTTP and worker)', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let events: QueueEvents;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    const queue = worker.get<Queue>(getQueueToken(QUEUES.matching));
    events = new QueueEvents(QUEUES.matching, { connection: queue.opts.connection, prefix: queue.opts.prefix });
    await events.waitUntilReady();
    coordinator = (await app.signIn('coordinator')).token;
  });

  afterAll(async () => {
    await events.close();
    await worker.close();
    await app.close();
  });

  /** A cohort in matching with EU and CN hosts and accepted applicants on both sides. */
  async function cohortInMatching() {
    const cohort = await aCohort(app, { status: 'open' });
    const eu = await Promise.all([1, 2].map(() => anOrganisation(app, { region: 'EU', hostingCapacity: 1 })));
    const cn = await Promise.all([1, 2].map(() => anOrganisation(app, { region: 'CN', hostingCapacity: 1 })));
    const applicants: StaffMember[] = [];
    const applications = [];
    for (const [index, home] of [eu[0], eu[0], eu[1], cn[0], cn[1]].entries()) {
      const staff = await aStaffMember(app, {
        organisationId: home.id,
        languages: [
          { code: 'en', level: 'fluent' },
          { code: 'zh', level: home.region === 'CN' ? 'native' : 'basic' },
        ],
      });
      applicants.push(staff);
      const cnSide = home.region === 'CN';
      applications.push(
        await anApplication(app, {
          cohortId: cohort.id,
          staffId: staff.id,
          preferredHostIds: cnSide ? [eu[index % 2].id] : [cn[index % 2].id],
          availableFrom: cnSide ? '2027-10-08' : '2027-08-01',
          availableTo: cnSide ? '2027-12-09' : '2027-09-30',
        }),
      );
    }
    for (const application of applications.slice(0, 4)) {
      await app
        .http()
        .post(`/api/v1/applications/${application.id}/transitions`)
        .set(as(coordinator))
        .send({ to: 'accepted' })
        .expect(200);
    }
    await app.http().post(`/api/v1/cohorts/${cohort.id}/transitions`).set(as(coordinator)).send({ to: 'matching' });
    return { cohort, eu, cn, applicants, applications };
  }

  const requestRun = (cohortId: string, body: object = { algorithm: 'optimal' }, token = coordinator) =>
    app.http().post(`/api/v1/cohorts/${cohortId}/matching-runs`).set(as(token)).send(body);

  /** Waits for the worker to finish the run's job, recording the progress it reports on the way. */
  async function finished(runId: string): Promise<{ progress: number[] }> {
    const progress: number[] = [];
    const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
      if (jobId === runId) progress.push(Number(data));
    };
    events.on('progress', onProgress);
    try {
      const job = await worker.get<Queue>(getQueueToken(QUEUES.matching)).getJob(runId);
      await job!.waitUntilFinished(events, 20_000);
    } finally {
      events.off('progress', onProgress);
    }
    return { progress };
  }

  it('answers 202 with a queued run, which the worker runs to success with proposals that keep every rule', async () => {
    const { cohort, applicants, applications } = await cohortInMatching();
    const requested = await requestRun(cohort.id).expect(202);
    expect(requested.body).toMatchObject({ cohortId: cohort.id, algorithm: 'optimal', status: 'queued', progress: 0 });

    await finished(requested.body.id);
    const run = await app.http().get(`/api/v1/matching-runs/${requested.body.id}`).set(as(coordinator)).expect(200);
    expect(run.body).toMatchObject({ status: 'succeeded', progress: 100, engineVersion: expect.any(String) });
    expect(new Date(run.body.startedAt) <= new Date(run.body.finishedAt)).toBe(true);

    // Four accepted applicants; the fifth (submitted) is not part of the run at all.
    const placedStaff = run.body.proposals.map((proposal: { staffId: string }) => proposal.staffId);
    const unmatchedStaff = run.body.unmatched.map((item: { staffId: string }) => item.staffId);
    expect([...placedStaff, ...unmatchedStaff].sort()).toEqual(
      applicants
        .slice(0, 4)
        .map((s) => s.id)
        .sort(),
    );
    expect(placedStaff).not.toContain(applicants[4].id);

    const organisations = new Map(
      (await app.dataSource.getRepository(Organisation).find()).map((organisation) => [organisation.id, organisation]),
    );
    const load = new Map<string, number>();
    for (const proposal of run.body.proposals) {
      const staff = applicants.find((member) => member.id === proposal.staffId)!;
      const home = organisations.get(staff.organisationId)!;
      const host = organisations.get(proposal.hostId)!;
      expect(host.region).not.toBe(home.region);
      expect(host.id).not.toBe(home.id);
      expect(proposal.hostName).toBe(host.name);
      expect(proposal.staffName).toBe(staff.fullName);
      const window = cohort.exchangeWindows.find((candidate) => candidate.from === home.region)!;
      const application = applications.find((candidate) => candidate.staffId === staff.id)!;
      for (const date of [proposal.startsOn, proposal.endsOn]) {
        expect(date >= window.startsOn && date <= window.endsOn).toBe(true);
        expect(date >= application.availableFrom && date <= application.availableTo).toBe(true);
      }
      const days = (Date.parse(proposal.endsOn) - Date.parse(proposal.startsOn)) / 86_400_000 + 1;
      expect(days).toBeGreaterThanOrEqual(cohort.minPlacementDays);
      expect(days).toBeLessThanOrEqual(cohort.maxPlacementDays);
      const spoken = staff.languages.filter((language) => language.level !== 'basic').map((language) => language.code);
      expect(host.workingLanguages.some((code) => spoken.includes(code))).toBe(true);
      load.set(host.id, (load.get(host.id) ?? 0) + 1);
    }
    for (const [hostId, count] of load) expect(count).toBeLessThanOrEqual(organisations.get(hostId)!.hostingCapacity);
    // Three accepted Europeans for two Chinese places: one is left out, and the run says why.
    expect(run.body.statistics).toMatchObject({ participants: 4, placed: 3, unmatched: 1 });
    expect(run.body.unmatched[0]).toMatchObject({ reason: 'capacity_exhausted', staffName: expect.any(String) });
  });

  it('reports progress while it runs, and stores the input it ran on, so the result can be reproduced', async () => {
    const { cohort } = await cohortInMatching();
    const requested = await requestRun(cohort.id, { algorithm: 'stable' }).expect(202);
    const { progress } = await finished(requested.body.id);
    expect(progress).toEqual([5, 30, 90, 100]);
    const [stored] = await app.dataSource.query(`SELECT input, proposals, weights FROM matching_runs WHERE id = $1`, [
      requested.body.id,
    ]);
    const again = runMatching(stored.input as MatchingInput, 'stable', stored.weights);
    expect(again.proposals).toEqual(stored.proposals);
  });

  it('applies a run as proposed placements, all at once, and refuses a second apply (409)', async () => {
    const { cohort } = await cohortInMatching();
    const requested = await requestRun(cohort.id).expect(202);
    await finished(requested.body.id);
    const run = await app.http().get(`/api/v1/matching-runs/${requested.body.id}`).set(as(coordinator)).expect(200);
    const proposed = run.body.proposals.length;
    expect(proposed).toBeGreaterThan(0);
    const applied = await app
      .http()
      .post(`/api/v1/matching-runs/${requested.body.id}/apply`)
      .set(as(coordinator))
      .expect(200);
    expect(applied.body).toMatchObject({ placementsCreated: proposed, appliedAt: expect.any(String) });
    const placements: Array<{ status: string; match_score: string; matching_run_id: string }> =
      await app.dataSource.query(`SELECT status, match_score, matching_run_id FROM placements WHERE cohort_id = $1`, [
        cohort.id,
      ]);
    expect(placements).toHaveLength(proposed);
    expect(placements.every((placement) => placement.status === 'proposed')).toBe(true);
    expect(placements.every((placement) => placement.matching_run_id === requested.body.id)).toBe(true);

    const again = await app.http().post(`/api/v1/matching-runs/${requested.body.id}/apply`).set(as(coordinator));
    expectProblem(again, 409, '/problems/already-applied');
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM placements WHERE cohort_id = $1`,
      [cohort.id],
    );
    expect(count).toBe(proposed);

    // A later run leaves out the people already placed.
    const next = await requestRun(cohort.id).expect(202);
    await finished(next.body.id);
    const later = await app.http().get(`/api/v1/matching-runs/${next.body.id}`).set(as(coordinator)).expect(200);
    expect(later.body.statistics.participants).toBe(4 - proposed);
  });

  it('refuses to apply what no longer holds, naming it, and creates nothing (409)', async () => {
    const { cohort, applications } = await cohortInMatching();
    const requested = await requestRun(cohort.id).expect(202);
    await finished(requested.body.id);
    await app
      .http()
      .post(`/api/v1/applications/${applications[0].id}/transitions`)
      .set(as(coordinator))
      .send({ to: 'withdrawn' })
      .expect(200);
    const response = await app.http().post(`/api/v1/matching-runs/${requested.body.id}/apply`).set(as(coordinator));
    expectProblem(response, 409, '/problems/proposals-outdated');
    expect(response.body.applicationsNoLongerAccepted).toEqual([applications[0].id]);
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM placements WHERE cohort_id = $1`,
      [cohort.id],
    );
    expect(count).toBe(0);
  });

  it('never applies a dry run (422), and lists runs with their figures side by side', async () => {
    const { cohort } = await cohortInMatching();
    const dry = await requestRun(cohort.id, {
      algorithm: 'optimal',
      dryRun: true,
      weights: { thematic: 10, preference: 70, language: 10, reciprocity: 10 },
    }).expect(202);
    await finished(dry.body.id);
    expectProblem(
      await app.http().post(`/api/v1/matching-runs/${dry.body.id}/apply`).set(as(coordinator)),
      422,
      '/problems/dry-run',
    );
    const stable = await requestRun(cohort.id, { algorithm: 'stable' }).expect(202);
    await finished(stable.body.id);
    const list = await app.http().get(`/api/v1/cohorts/${cohort.id}/matching-runs`).set(as(coordinator)).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((run: { algorithm: string }) => run.algorithm)).toEqual(['stable', 'optimal']);
    expect(list.body.items[1]).toMatchObject({
      dryRun: true,
      weights: { thematic: 10, preference: 70, language: 10, reciprocity: 10 },
      statistics: { placed: expect.any(Number), reciprocalPairs: expect.any(Number) },
    });
    expect(list.body.items[0]).not.toHaveProperty('proposals');
  });

  it('answers 422 for a cohort not in matching, and 400 for weights that do not add up or a bad algorithm', async () => {
    const open = await aCohort(app, { status: 'open' });
    expectProblem(await requestRun(open.id), 422, '/problems/cohort-not-matching');
    const { cohort } = await cohortInMatching();
    expectInvalid(
      await requestRun(cohort.id, {
        algorithm: 'optimal',
        weights: { thematic: 50, preference: 30, language: 20, reciprocity: 10 },
      }),
      'weights',
    );
    expectInvalid(await requestRun(cohort.id, { algorithm: 'greedy' }), 'algorithm');
    expectInvalid(await requestRun(cohort.id, { algorithm: 'optimal', dryRun: null }), 'dryRun');
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM matching_runs WHERE cohort_id IN ($1, $2)`,
      [open.id, cohort.id],
    );
    expect(count).toBe(0);
  });

  it('is for coordinators and admins only (403 for the other roles)', async () => {
    const { cohort } = await cohortInMatching();
    const requested = await requestRun(cohort.id).expect(202);
    await finished(requested.body.id);
    for (const role of ['participant', 'funder', 'reviewer'] as const) {
      const { token } = await app.signIn(role);
      expectProblem(await requestRun(cohort.id, { algorithm: 'optimal' }, token), 403, '/problems/forbidden');
      for (const path of [`/api/v1/matching-runs/${requested.body.id}`, `/api/v1/cohorts/${cohort.id}/matching-runs`]) {
        expectProblem(await app.http().get(path).set(as(token)), 403, '/problems/forbidden');
      }
      expectProblem(
        await app.http().post(`/api/v1/matching-runs/${requested.body.id}/apply`).set(as(token)),
        403,
        '/problems/forbidden',
      );
    }
    const { token: admin } = await app.signIn('admin');
    await app.http().get(`/api/v1/matching-runs/${requested.body.id}`).set(as(admin)).expect(200);
  });
});
