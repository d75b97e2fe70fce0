import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import type { Viewer } from '../common/auth/viewer-scope';
import { notFound, ProblemException, ruleBroken, ValidationProblem } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { likePattern } from '../common/validation/query-values';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { Cohort } from './cohort.entity';
import { cohortSettingProblems } from './cohort-rules';
import { checkCohortTransition, CohortStatus } from './cohort-status';
import { CohortListQuery } from './dto/cohort-requests.dto';
import { CreateCohortDto } from './dto/create-cohort.dto';
import { UpdateCohortDto } from './dto/update-cohort.dto';
import {
  DEFAULT_GRANT_RULES,
  DEFAULT_MAX_PLACEMENT_DAYS,
  DEFAULT_MIN_PLACEMENT_DAYS,
  DEFAULT_REPORT_QUESTIONS,
  DEFAULT_SIDES,
  defaultExchangeWindows,
} from './grant-rules';
import { fundedCohortIds } from './funded-cohorts';

export type ApplicationCounts = Record<'submitted' | 'accepted' | 'rejected' | 'withdrawn', number>;

@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Which cohorts each role sees (§4), as SQL. Participants see open and active cohorts, and any cohort they
   * applied to (so that their application keeps its context while matching runs).
   */
  visibleTo<T extends SelectQueryBuilder<Cohort>>(builder: T, viewer: Viewer, alias = 'cohort'): T {
    const viewerId = { viewerId: viewer.id };
    switch (viewer.role) {
      case 'admin':
      case 'coordinator':
        return builder;
      case 'reviewer':
        return builder.andWhere(
          `${alias}.id IN (SELECT cohort_id FROM cohort_reviewers WHERE user_id = :viewerId)`,
          viewerId,
        );
      case 'funder':
        return builder.andWhere(`${alias}.id IN (${fundedCohortIds(':viewerId')})`, viewerId);
      case 'participant':
        return builder.andWhere(
          `(${alias}.status IN ('open', 'active') OR ${alias}.id IN (
              SELECT application.cohort_id FROM applications application
                JOIN staff ON staff.id = application.staff_id WHERE staff.user_id = :viewerId))`,
          viewerId,
        );
    }
  }

  private query(manager: EntityManager = this.cohorts.manager) {
    return manager
      .getRepository(Cohort)
      .createQueryBuilder('cohort')
      .leftJoinAndSelect('cohort.reviewers', 'reviewer')
      .leftJoinAndSelect('cohort.funders', 'funder');
  }

  async get(id: string, viewer: Viewer): Promise<Cohort> {
    const cohort = await this.visibleTo(this.query().where('cohort.id = :id', { id }), viewer).getOne();
    if (!cohort) throw notFound('Cohort');
    return cohort;
  }

  async list(query: CohortListQuery, viewer: Viewer): Promise<Page<Cohort>> {
    const { field, direction } = parseSort(query.sort, '-applicationOpensOn');
    // Page over cohort ids first: joined reviewer and funder rows would otherwise skew the page.
    const ids = this.visibleTo(this.cohorts.createQueryBuilder('cohort'), viewer);
    if (query.status) ids.andWhere('cohort.status = :status', { status: query.status });
    if (query.search) ids.andWhere("cohort.name ILIKE :search ESCAPE '\\'", { search: likePattern(query.search) });
    const [page, total] = await ids
      .select(['cohort.id'])
      .orderBy(`cohort.${field}`, direction)
      .addOrderBy('cohort.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    if (!page.length) return pageOf([], total, query);
    const loaded = await this.query()
      .where('cohort.id IN (:...ids)', { ids: page.map((c) => c.id) })
      .getMany();
    const byId = new Map(loaded.map((cohort) => [cohort.id, cohort]));
    return pageOf(
      page.map((cohort) => byId.get(cohort.id)!),
      total,
      query,
    );
  }

  /** Applications per status for each cohort, counted by the database. */
  async applicationCounts(cohortIds: string[]): Promise<Map<string, ApplicationCounts>> {
    const counts = new Map<string, ApplicationCounts>(
      cohortIds.map((id) => [id, { submitted: 0, accepted: 0, rejected: 0, withdrawn: 0 }]),
    );
    if (!cohortIds.length) return counts;
    const rows: Array<{ cohort_id: string; status: keyof ApplicationCounts; count: number }> =
      await this.dataSource.query(
        `SELECT cohort_id, status, count(*)::int AS count FROM applications
          WHERE cohort_id = ANY($1) GROUP BY cohort_id, status`,
        [cohortIds],
      );
    for (const row of rows) counts.get(row.cohort_id)![row.status] = row.count;
    return counts;
  }

  async create(input: CreateCohortDto, actorId: string): Promise<Cohort> {
    const sides = (input.sides ?? DEFAULT_SIDES) as [string, string];
    const cohort = this.cohorts.create({
      name: input.name.trim(),
      description: input.description ?? '',
      sides,
      applicationOpensOn: input.applicationOpensOn,
      applicationClosesOn: input.applicationClosesOn,
      exchangeWindows:
        input.exchangeWindows ?? defaultExchangeWindows(sides, Number(input.applicationClosesOn.slice(0, 4))),
      minPlacementDays: input.minPlacementDays ?? DEFAULT_MIN_PLACEMENT_DAYS,
      maxPlacementDays: input.maxPlacementDays ?? DEFAULT_MAX_PLACEMENT_DAYS,
      grantRules: input.grantRules ?? DEFAULT_GRANT_RULES,
      reportQuestions: input.reportQuestions ?? DEFAULT_REPORT_QUESTIONS,
      status: 'draft',
    });
    this.checkSettings(cohort);
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(Cohort).insert(cohort);
      await this.audit.record(
        {
          actorId,
          action: 'cohort.created',
          entityType: 'cohort',
          entityId: cohort.id,
          changes: changedFields(null, { name: cohort.name, status: cohort.status }),
        },
        tx,
      );
    });
    return this.get(cohort.id, { id: actorId, role: 'coordinator' });
  }

  async update(id: string, changes: UpdateCohortDto, actorId: string): Promise<Cohort> {
    await this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(Cohort);
      const cohort = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw notFound('Cohort');
      if (cohort.status === 'closed') throw ruleBroken('cohort-closed', 'A closed cohort can no longer be changed');
      if (changes.sides && cohort.status !== 'draft') {
        throw ruleBroken('cohort-not-draft', 'The sides of a cohort can change only while it is a draft');
      }
      const diff = applyChanges(cohort, { ...changes, ...(changes.name && { name: changes.name.trim() }) });
      this.checkSettings(cohort);
      await repository.save(cohort);
      await this.audit.record(
        { actorId, action: 'cohort.updated', entityType: 'cohort', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  /** One step forward; anything else is a 409 naming the step that is allowed. The row lock orders racing moves. */
  async transition(id: string, to: CohortStatus, actorId: string): Promise<Cohort> {
    await this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(Cohort);
      const cohort = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw notFound('Cohort');
      const check = checkCohortTransition(cohort.status, to);
      if (!check.allowed) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'illegal-transition',
          'Illegal transition',
          `A ${cohort.status} cohort cannot become ${to}; allowed: ${check.allowedTargets.join(', ') || 'none'}`,
          { from: cohort.status, to, allowed: check.allowedTargets },
        );
      }
      const diff = changedFields({ status: cohort.status }, { status: to });
      await repository.update({ id }, { status: to });
      await this.audit.record(
        { actorId, action: 'cohort.transitioned', entityType: 'cohort', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  async assignReviewers(id: string, userIds: string[], actorId: string): Promise<Cohort> {
    await this.dataSource.transaction(async (tx) => {
      const cohort = await this.lockWithRelations(id, tx);
      const reviewers = userIds.length
        ? await tx.getRepository(User).findBy({ id: In(userIds), role: 'reviewer' })
        : [];
      const unknown = userIds.filter((userId) => !reviewers.some((user) => user.id === userId));
      if (unknown.length) throw this.unknownIds('userIds', 'a reviewer account', unknown);
      const diff = changedFields(
        { reviewerIds: cohort.reviewers!.map((user) => user.id).sort() },
        { reviewerIds: [...userIds].sort() },
      );
      cohort.reviewers = reviewers;
      await tx.getRepository(Cohort).save(cohort);
      await this.audit.record(
        { actorId, action: 'cohort.reviewers_assigned', entityType: 'cohort', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  async assignFunders(id: string, organisationIds: string[], actorId: string): Promise<Cohort> {
    await this.dataSource.transaction(async (tx) => {
      const cohort = await this.lockWithRelations(id, tx);
      const funders = organisationIds.length
        ? await tx.getRepository(Organisation).findBy({ id: In(organisationIds) })
        : [];
      const unknown = organisationIds.filter((orgId) => !funders.some((organisation) => organisation.id === orgId));
      if (unknown.length) throw this.unknownIds('organisationIds', 'an organisation', unknown);
      const diff = changedFields(
        { funderIds: cohort.funders!.map((organisation) => organisation.id).sort() },
        { funderIds: [...organisationIds].sort() },
      );
      cohort.funders = funders;
      await tx.getRepository(Cohort).save(cohort);
      await this.audit.record(
        { actorId, action: 'cohort.funders_assigned', entityType: 'cohort', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  /** Locks the cohort row (so concurrent assignments apply one after the other), then loads its lists. */
  private async lockWithRelations(id: string, tx: EntityManager): Promise<Cohort> {
    const locked = await tx.getRepository(Cohort).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!locked) throw notFound('Cohort');
    return tx.getRepository(Cohort).findOneOrFail({ where: { id }, relations: { reviewers: true, funders: true } });
  }

  private unknownIds(field: string, what: string, ids: string[]) {
    return ruleBroken('unknown-reference', `Not ${what}: ${ids.join(', ')}`, {
      errors: ids.map((id) => ({ field, message: `${id} is not ${what}` })),
    });
  }

  private checkSettings(cohort: Cohort): void {
    const problems = cohortSettingProblems(cohort);
    if (problems.length) throw new ValidationProblem(problems);
  }
}
