import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changes';
import { conflict, notFound, ruleBroken, ValidationProblem } from '../common/http/problem.exception';
import { Page, pageOf } from '../common/pagination/page';
import { Application } from '../applications/application.entity';
import { Cohort } from '../cohorts/cohort.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import { ENDED_STATUSES } from '../placements/placement-status';
import { Placement } from '../placements/placement.entity';
import { PlacementsService } from '../placements/placements.service';
import { StaffMember } from '../staff/staff-member.entity';
import { TwinningPairsService } from '../twinning-pairs/twinning-pairs.service';
import { CreateMatchingRunDto, MatchingRunListQuery, MatchingRunResponse } from './dto/matching-run.dto';
import { ENGINE_VERSION, runMatching } from './engine/engine';
import { DEFAULT_WEIGHTS, weightsProblem } from './engine/score';
import type { EngineHost, MatchingInput } from './engine/types';
import { engineParticipant, engineRules } from './engine-input';
import { MatchingRun } from './matching-run.entity';

const LIVE = `status NOT IN (${ENDED_STATUSES.map((status) => `'${status}'`).join(', ')})`;

@Injectable()
export class MatchingRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly placements: PlacementsService,
    private readonly pairs: TwinningPairsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Stores a queued run; MatchingJobs puts it on the queue once this has committed, so the worker finds the row. */
  async create(cohortId: string, input: CreateMatchingRunDto, actorId: string): Promise<MatchingRun> {
    const weights = input.weights ? { ...input.weights } : DEFAULT_WEIGHTS;
    const problem = weightsProblem(weights);
    if (problem) throw new ValidationProblem([{ field: 'weights', message: problem }]);
    const run = await this.dataSource.transaction(async (tx) => {
      const cohort = await tx
        .getRepository(Cohort)
        .findOne({ where: { id: cohortId }, lock: { mode: 'pessimistic_read' } });
      if (!cohort) throw notFound('Cohort');
      this.requireMatching(cohort);
      const repository = tx.getRepository(MatchingRun);
      const created = repository.create({
        cohortId,
        algorithm: input.algorithm,
        dryRun: input.dryRun ?? false,
        weights,
        status: 'queued',
        requestedById: actorId,
      });
      await repository.insert(created);
      await this.audit.record(
        {
          actorId,
          action: 'matching_run.requested',
          entityType: 'matching_run',
          entityId: created.id,
          changes: changedFields(null, { cohortId, algorithm: created.algorithm, dryRun: created.dryRun }),
        },
        tx,
      );
      return created;
    });
    return this.get(run.id);
  }

  async get(id: string): Promise<MatchingRun> {
    const run = await this.dataSource.getRepository(MatchingRun).findOneBy({ id });
    if (!run) throw notFound('Matching run');
    return run;
  }

  /** A run with names beside the ids, as a coordinator reads it. */
  async describe(id: string): Promise<{ run: MatchingRun } & Pick<MatchingRunResponse, 'proposals' | 'unmatched'>> {
    const run = await this.get(id);
    const staffIds = [...(run.proposals ?? []), ...(run.unmatched ?? [])].map((item) => item.staffId);
    const hostIds = (run.proposals ?? []).map((proposal) => proposal.hostId);
    const [staff, hosts] = await Promise.all([
      staffIds.length
        ? this.dataSource
            .getRepository(StaffMember)
            .find({ select: { id: true, fullName: true }, where: { id: In(staffIds) } })
        : [],
      hostIds.length
        ? this.dataSource
            .getRepository(Organisation)
            .find({ select: { id: true, name: true }, where: { id: In(hostIds) } })
        : [],
    ]);
    const staffName = new Map(staff.map((member) => [member.id, member.fullName]));
    const hostName = new Map(hosts.map((host) => [host.id, host.name]));
    return {
      run,
      proposals:
        run.proposals?.map((proposal) => ({
          ...proposal,
          staffName: staffName.get(proposal.staffId) ?? '',
          hostName: hostName.get(proposal.hostId) ?? '',
        })) ?? null,
      unmatched: run.unmatched?.map((item) => ({ ...item, staffName: staffName.get(item.staffId) ?? '' })) ?? null,
    };
  }

  async list(cohortId: string, query: MatchingRunListQuery): Promise<Page<MatchingRun>> {
    if (!(await this.dataSource.getRepository(Cohort).existsBy({ id: cohortId }))) throw notFound('Cohort');
    const [items, total] = await this.dataSource.getRepository(MatchingRun).findAndCount({
      select: {
        id: true,
        cohortId: true,
        algorithm: true,
        dryRun: true,
        weights: true,
        status: true,
        progress: true,
        engineVersion: true,
        statistics: true,
        error: true,
        requestedById: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
        appliedAt: true,
      },
      where: { cohortId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /**
   * The worker's part. Takes the input snapshot (stored with the run, so a retry or a later re-run sees the same
   * cohort), runs the engine, and stores the whole result in one update: a crash leaves the run retryable,
   * never half-stored. A run already finished is left alone (a job delivered twice does nothing).
   */
  async execute(runId: string, reportProgress: (percent: number) => Promise<void> = async () => {}): Promise<void> {
    const repository = this.dataSource.getRepository(MatchingRun);
    const run = await repository.findOne({
      where: { id: runId },
      select: { id: true, status: true, cohortId: true, algorithm: true, weights: true, input: true },
    });
    if (!run || run.status === 'succeeded' || run.status === 'failed') return;
    await repository.update({ id: runId }, { status: 'running', startedAt: new Date(), progress: 5, error: null });
    await reportProgress(5);
    const input = run.input ?? (await this.snapshot(run.cohortId));
    if (!run.input) await repository.update({ id: runId }, { input, progress: 30 });
    await reportProgress(30);
    const result = runMatching(input, run.algorithm, run.weights);
    await reportProgress(90);
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(MatchingRun).update(
        { id: runId },
        {
          status: 'succeeded',
          progress: 100,
          engineVersion: ENGINE_VERSION,
          proposals: result.proposals,
          unmatched: result.unmatched,
          statistics: result.statistics,
          finishedAt: new Date(),
        },
      );
      const cohort = await tx.getRepository(Cohort).findOneByOrFail({ id: run.cohortId });
      await this.notifications.notifyRole(tx, 'coordinator', {
        type: 'matching_run_finished',
        subject: { type: 'matching_run', id: runId },
        params: {
          cohort: cohort.name,
          algorithm: run.algorithm,
          placed: result.statistics.placed,
          participants: result.statistics.participants,
          unmatched: result.statistics.unmatched,
        },
      });
    });
    await reportProgress(100);
  }

  async markFailed(runId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource
      .getRepository(MatchingRun)
      .update({ id: runId }, { status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() });
  }

  /** The cohort as the engine sees it: accepted applications of people not yet placed, and hosts' places left. */
  async snapshot(cohortId: string, manager: EntityManager = this.dataSource.manager): Promise<MatchingInput> {
    const cohort = await manager.getRepository(Cohort).findOneByOrFail({ id: cohortId });
    const applications = await manager
      .getRepository(Application)
      .createQueryBuilder('application')
      .innerJoinAndSelect('application.staff', 'staff')
      .innerJoinAndSelect('staff.organisation', 'organisation')
      .where('application.cohortId = :cohortId', { cohortId })
      .andWhere("application.status = 'accepted'")
      .andWhere(`application.staffId NOT IN (SELECT staff_id FROM placements WHERE cohort_id = :cohortId AND ${LIVE})`)
      .orderBy('application.id')
      .getMany();
    const participants = applications.map(engineParticipant);
    const hostRows: Array<{
      id: string;
      region: string;
      working_languages: string[];
      thematic_areas: string[];
      left: number;
    }> = await manager.query(
      `SELECT organisation.id, organisation.region, organisation.working_languages,
                organisation.thematic_areas::text[] AS thematic_areas,
                organisation.hosting_capacity - count(placement.id)::int AS left
           FROM organisations organisation
           LEFT JOIN placements placement
             ON placement.host_organisation_id = organisation.id AND placement.cohort_id = $1
            AND placement.${LIVE}
          WHERE organisation.region = ANY($2) AND organisation.hosting_capacity > 0
          GROUP BY organisation.id
          ORDER BY organisation.id`,
      [cohortId, cohort.sides],
    );
    const hosts: EngineHost[] = hostRows.map((row) => ({
      id: row.id,
      side: row.region,
      languages: row.working_languages,
      areas: row.thematic_areas,
      capacity: Math.max(0, row.left),
    }));
    return { participants, hosts, rules: engineRules(cohort) };
  }

  /**
   * Turns a run's proposals into `proposed` placements, all or none. Host rows are locked (in id order, so two
   * applies cannot deadlock) and capacity, people and applications are checked as they are now: anything taken
   * since the run is a 409 naming it.
   */
  async apply(id: string, actorId: string): Promise<{ run: MatchingRun; placements: number }> {
    const placements = await this.dataSource.transaction(async (tx) => {
      const run = await tx.getRepository(MatchingRun).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw notFound('Matching run');
      if (run.dryRun) throw ruleBroken('dry-run', 'A dry run cannot be applied; request a run without dryRun');
      if (run.appliedAt) throw conflict('already-applied', 'This run has been applied already');
      if (run.status !== 'succeeded') throw conflict('run-not-finished', `The run is ${run.status}, not succeeded`);
      const cohort = await tx
        .getRepository(Cohort)
        .findOne({ where: { id: run.cohortId }, lock: { mode: 'pessimistic_read' } });
      this.requireMatching(cohort!);
      const proposals = run.proposals ?? [];
      const hostIds = [...new Set(proposals.map((proposal) => proposal.hostId))].sort();
      const hosts = hostIds.length
        ? await tx
            .getRepository(Organisation)
            .find({ where: { id: In(hostIds) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } })
        : [];
      const live: Array<{ host_organisation_id: string; count: number }> = hostIds.length
        ? await tx.query(
            `SELECT host_organisation_id, count(*)::int AS count FROM placements
              WHERE cohort_id = $1 AND host_organisation_id = ANY($2) AND ${LIVE} GROUP BY host_organisation_id`,
            [run.cohortId, hostIds],
          )
        : [];
      const taken = new Map(live.map((row) => [row.host_organisation_id, row.count]));
      const wanted = new Map<string, number>();
      for (const proposal of proposals) wanted.set(proposal.hostId, (wanted.get(proposal.hostId) ?? 0) + 1);
      const fullHosts = hostIds.filter((hostId) => {
        const host = hosts.find((candidate) => candidate.id === hostId);
        return !host || (taken.get(hostId) ?? 0) + wanted.get(hostId)! > host.hostingCapacity;
      });
      const staffIds = proposals.map((proposal) => proposal.staffId);
      const placedStaff: Array<{ staff_id: string }> = staffIds.length
        ? await tx.query(`SELECT staff_id FROM placements WHERE cohort_id = $1 AND staff_id = ANY($2) AND ${LIVE}`, [
            run.cohortId,
            staffIds,
          ])
        : [];
      const applicationIds = proposals.map((proposal) => proposal.participantId);
      const stillAccepted = applicationIds.length
        ? await tx.getRepository(Application).find({
            select: { id: true },
            where: { id: In(applicationIds), status: 'accepted' },
            lock: { mode: 'pessimistic_read' },
          })
        : [];
      const withdrawn = applicationIds.filter(
        (appId) => !stillAccepted.some((application) => application.id === appId),
      );
      if (fullHosts.length || placedStaff.length || withdrawn.length) {
        throw conflict('proposals-outdated', 'Some proposals no longer hold; run the matching again', {
          fullHosts,
          placedStaff: placedStaff.map((row) => row.staff_id),
          applicationsNoLongerAccepted: withdrawn,
        });
      }
      // Each placement hangs from the twinning pair it implies, and carries its grant.
      const homes = new Map(
        (
          await tx.getRepository(StaffMember).find({ where: { id: In(staffIds) }, relations: { organisation: true } })
        ).map((member) => [member.id, member.organisation!]),
      );
      const rows: Placement[] = [];
      for (const proposal of proposals) {
        const home = homes.get(proposal.staffId)!;
        const host = hosts.find((candidate) => candidate.id === proposal.hostId)!;
        rows.push(
          tx.getRepository(Placement).create({
            cohortId: run.cohortId,
            staffId: proposal.staffId,
            applicationId: proposal.participantId,
            hostOrganisationId: proposal.hostId,
            startsOn: proposal.startsOn,
            endsOn: proposal.endsOn,
            status: 'proposed',
            matchScore: proposal.score.toFixed(2),
            scoreBreakdown: proposal.breakdown,
            matchingRunId: run.id,
            twinningPairId: await this.pairs.ensure(tx, {
              cohortId: run.cohortId,
              organisations: [home.id, host.id],
              origin: 'matching_run',
            }),
            grant: this.placements.grant(cohort!, home, host, proposal),
          }),
        );
      }
      // In chunks, to stay under PostgreSQL's limit on bind parameters.
      for (let start = 0; start < rows.length; start += 1_000) {
        await tx.getRepository(Placement).insert(rows.slice(start, start + 1_000));
      }
      const appliedAt = new Date();
      await tx.getRepository(MatchingRun).update({ id }, { appliedAt, appliedById: actorId });
      const entries: AuditEntry[] = [
        {
          actorId,
          action: 'matching_run.applied',
          entityType: 'matching_run',
          entityId: id,
          changes: changedFields(null, { placements: rows.length }),
        },
        ...rows.map((row) => ({
          actorId,
          action: 'placement.proposed',
          entityType: 'placement',
          entityId: row.id,
          changes: changedFields(null, {
            staffId: row.staffId,
            hostOrganisationId: row.hostOrganisationId,
            status: row.status,
            matchingRunId: id,
          }),
        })),
      ];
      await this.audit.recordMany(entries, tx);
      for (const row of rows) await this.placements.announce(tx, row.id, 'placement_proposed');
      return rows.length;
    });
    return { run: await this.get(id), placements };
  }

  private requireMatching(cohort: Cohort): void {
    if (cohort.status !== 'matching') {
      throw ruleBroken(
        'cohort-not-matching',
        `Matching runs are for cohorts in matching; this one is ${cohort.status}`,
      );
    }
  }
}
