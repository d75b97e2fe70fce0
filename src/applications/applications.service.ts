import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import {
  conflict,
  forbidden,
  notFound,
  ruleBroken,
  unknownReference,
  ValidationProblem,
} from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { Cohort } from '../cohorts/cohort.entity';
import { acceptsApplications, CohortStatus } from '../cohorts/cohort-status';
import { CohortsService } from '../cohorts/cohorts.service';
import { Organisation } from '../organisations/organisation.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { StaffService } from '../staff/staff.service';
import { TwinningPairsService } from '../twinning-pairs/twinning-pairs.service';
import { Application } from './application.entity';
import { applicationShapeProblems, hostProblems } from './application-rules';
import { allowedApplicationTransitions, ApplicationStatus } from './application-status';
import { ApplicationListQuery, ApplicationSortField } from './dto/application-requests.dto';
import { CreateApplicationDto } from './dto/create-application.dto';
import { UpdateApplicationDto } from './dto/update-application.dto';

/** An application with its review figures, as the selection committee works from them. */
export interface ScoredApplication {
  application: Application;
  averageScore: number | null;
  /** Null where the caller may not see the figures. */
  reviewCount: number | null;
}

type ScoreViewer = Viewer & Partial<Pick<AuthenticatedUser, 'organisationId'>>;

/** Coordinators may still revise decisions while matching has not produced the placements. */
const DECISION_STATUSES: CohortStatus[] = ['open', 'matching'];

const SORT_EXPRESSIONS: Record<string, string> = {
  createdAt: 'application.createdAt',
  status: 'application.status',
  averageScore: 'score_average',
  reviewCount: 'score_count',
};

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectRepository(Application) private readonly applications: Repository<Application>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffService,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
    private readonly pairs: TwinningPairsService,
  ) {}

  /** Who sees which application (§4), as SQL: reviewers those of their cohorts, participants their own. */
  private visibleTo(builder: SelectQueryBuilder<Application>, viewer: Viewer): SelectQueryBuilder<Application> {
    if (seesEverything(viewer)) return builder;
    if (viewer.role === 'reviewer') {
      return builder.andWhere(
        'application.cohortId IN (SELECT cohort_id FROM cohort_reviewers WHERE user_id = :viewerId)',
        { viewerId: viewer.id },
      );
    }
    if (viewer.role === 'participant') return builder.andWhere('staff.userId = :viewerId', { viewerId: viewer.id });
    return builder.andWhere('false');
  }

  /**
   * Applications with their review figures. A reviewer does not get the figures of an application their own
   * organisation is involved in (so sorting by score cannot reveal them either).
   */
  private query(
    viewer: ScoreViewer,
    manager: EntityManager = this.applications.manager,
  ): SelectQueryBuilder<Application> {
    const hidden =
      viewer.role === 'reviewer' && viewer.organisationId
        ? `(staff.organisationId = :viewerOrganisation OR application.partnerOrganisationId = :viewerOrganisation
            OR :viewerOrganisation = ANY(application.preferredHostIds))`
        : 'false';
    return manager
      .getRepository(Application)
      .createQueryBuilder('application')
      .innerJoinAndSelect('application.staff', 'staff')
      .innerJoinAndSelect('staff.organisation', 'organisation')
      .leftJoinAndSelect('application.partnerOrganisation', 'partner')
      .leftJoin(
        (reviews) =>
          reviews
            .select('review.application_id', 'application_id')
            .addSelect(
              'round(avg((review.organisational_compatibility + review.work_plan_quality + review.applicant_experience) / 3.0), 2)',
              'average_score',
            )
            .addSelect('count(*)::int', 'review_count')
            .from('reviews', 'review')
            .groupBy('review.application_id'),
        'score',
        'score.application_id = application.id',
      )
      .addSelect(`CASE WHEN ${hidden} THEN NULL ELSE score.average_score END`, 'score_average')
      .addSelect(`CASE WHEN ${hidden} THEN NULL ELSE COALESCE(score.review_count, 0) END`, 'score_count')
      .setParameter('viewerOrganisation', viewer.organisationId ?? null);
  }

  private async scored(builder: SelectQueryBuilder<Application>): Promise<ScoredApplication[]> {
    const { entities, raw } = await builder.getRawAndEntities<{
      application_id: string;
      score_average: string | null;
      score_count: number;
    }>();
    const figures = new Map(raw.map((row) => [row.application_id, row]));
    return entities.map((application) => {
      const row = figures.get(application.id);
      return {
        application,
        averageScore: row?.score_average == null ? null : Number(row.score_average),
        reviewCount: row?.score_count ?? null,
      };
    });
  }

  async get(id: string, viewer: ScoreViewer): Promise<ScoredApplication> {
    const [found] = await this.scored(this.visibleTo(this.query(viewer).where('application.id = :id', { id }), viewer));
    if (!found) throw notFound('Application');
    return found;
  }

  async list(query: ApplicationListQuery, viewer: ScoreViewer): Promise<Page<ScoredApplication>> {
    const { field, direction } = parseSort<ApplicationSortField>(query.sort, '-createdAt');
    if (viewer.role === 'participant' && (field === 'averageScore' || field === 'reviewCount')) {
      throw new ValidationProblem([{ field: 'sort', message: 'applicants cannot sort by review figures' }]);
    }
    const builder = this.visibleTo(this.query(viewer), viewer);
    if (query.cohortId) builder.andWhere('application.cohortId = :cohortId', { cohortId: query.cohortId });
    if (query.status) builder.andWhere('application.status = :status', { status: query.status });
    if (query.staffId) builder.andWhere('application.staffId = :staffId', { staffId: query.staffId });
    if (query.kind) builder.andWhere('application.kind = :kind', { kind: query.kind });
    const total = await builder.getCount();
    const items = await this.scored(
      builder
        .orderBy(SORT_EXPRESSIONS[field], direction, 'NULLS LAST')
        .addOrderBy('application.id')
        .offset(query.offset)
        .limit(query.pageSize),
    );
    return pageOf(items, total, query);
  }

  async create(input: CreateApplicationDto, viewer: ScoreViewer): Promise<ScoredApplication> {
    const id = await this.dataSource.transaction(async (tx) => {
      const staff = await this.applicant(input.staffId, viewer, tx);
      const cohort = await this.cohorts
        .visibleTo(tx.getRepository(Cohort).createQueryBuilder('cohort'), viewer)
        .andWhere('cohort.id = :id', { id: input.cohortId })
        // Shared lock: a concurrent status change waits for this application, or this one sees the new status.
        .setLock('pessimistic_read')
        .getOne();
      if (!cohort) throw unknownReference('cohortId', 'Cohort');
      this.requireOpen(cohort);
      const application = tx.getRepository(Application).create({
        cohortId: cohort.id,
        staffId: staff.id,
        kind: input.kind,
        partnerOrganisationId: input.partnerOrganisationId ?? null,
        exchangeTopic: input.exchangeTopic?.trim() ?? null,
        partnerContactName: input.partnerContactName ?? null,
        partnerContactEmail: input.partnerContactEmail?.toLowerCase() ?? null,
        availableFrom: input.availableFrom,
        availableTo: input.availableTo,
        preferredHostIds: input.preferredHostIds ?? [],
        motivation: input.motivation,
        workPlan: input.workPlan,
        status: 'submitted',
      });
      await this.checkProgrammeRules(application, staff, cohort, tx);
      await tx.getRepository(Application).insert(application);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'application.submitted',
          entityType: 'application',
          entityId: application.id,
          changes: changedFields(null, {
            cohortId: application.cohortId,
            staffId: application.staffId,
            kind: application.kind,
            status: application.status,
          }),
        },
        tx,
      );
      return application.id;
    });
    return this.get(id, viewer);
  }

  /** Participants change their own while it is submitted and the cohort open; coordinators until it is withdrawn. */
  async update(id: string, changes: UpdateApplicationDto, viewer: ScoreViewer): Promise<ScoredApplication> {
    await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const application = await this.lock(id, tx);
      const cohort = await this.lockCohort(application.cohortId, tx);
      if (application.status === 'withdrawn') {
        throw ruleBroken('application-withdrawn', 'A withdrawn application is closed');
      }
      this.requireNotSettled(cohort);
      if (!seesEverything(viewer)) {
        this.requireOpen(cohort);
        if (application.status !== 'submitted') {
          throw ruleBroken('application-decided', 'A decided application can be changed by a coordinator only');
        }
      }
      const staff = await tx
        .getRepository(StaffMember)
        .findOneOrFail({ where: { id: application.staffId }, relations: { organisation: true } });
      const diff = applyChanges(application, {
        ...changes,
        // Switching kind drops the other kind's fields unless the request sets them.
        ...(changes.kind === 'single' && {
          partnerOrganisationId: null,
          exchangeTopic: null,
          partnerContactName: null,
          partnerContactEmail: null,
        }),
        ...(changes.kind === 'joint' && { preferredHostIds: changes.preferredHostIds ?? [] }),
      });
      await this.checkProgrammeRules(application, staff, cohort, tx);
      await tx.getRepository(Application).save(application);
      await this.audit.record(
        { actorId: viewer.id, action: 'application.updated', entityType: 'application', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  async transition(id: string, to: ApplicationStatus, viewer: ScoreViewer): Promise<ScoredApplication> {
    await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const application = await this.lock(id, tx);
      const actor = seesEverything(viewer) ? 'coordinator' : 'participant';
      const allowed = allowedApplicationTransitions(application.status, actor);
      if (!allowed.includes(to)) {
        throw conflict(
          'illegal-transition',
          `A ${application.status} application cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`,
          { from: application.status, to, allowed },
        );
      }
      const cohort = await this.lockCohort(application.cohortId, tx);
      if (to === 'withdrawn') {
        // Participants withdraw while the cohort is open; coordinators until placements rest on it.
        if (actor === 'participant') this.requireOpen(cohort);
        else this.requireNotSettled(cohort);
      } else if (!DECISION_STATUSES.includes(cohort.status)) {
        throw ruleBroken(
          'cohort-not-deciding',
          `Decisions are taken while the cohort is open or matching; it is ${cohort.status}`,
        );
      }
      if (to === 'accepted' && application.kind === 'joint') {
        // An accepted joint application is a twinning pair from the start.
        const staff = await tx.getRepository(StaffMember).findOneByOrFail({ id: application.staffId });
        await this.pairs.ensure(tx, {
          cohortId: application.cohortId,
          organisations: [staff.organisationId, application.partnerOrganisationId!],
          origin: 'joint_application',
          exchangeTopic: application.exchangeTopic,
        });
      }
      const now = new Date();
      const diff = changedFields({ status: application.status }, { status: to });
      await tx
        .getRepository(Application)
        .update(
          { id },
          to === 'withdrawn'
            ? { status: to, withdrawnAt: now }
            : { status: to, decidedAt: now, decidedById: viewer.id },
        );
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'application.transitioned',
          entityType: 'application',
          entityId: id,
          changes: diff,
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  /** The staff profile an application is for: a participant's own, or the one a coordinator names. */
  private async applicant(staffId: string | undefined, viewer: Viewer, tx: EntityManager): Promise<StaffMember> {
    if (seesEverything(viewer)) {
      if (!staffId)
        throw new ValidationProblem([{ field: 'staffId', message: 'staffId is required for coordinators' }]);
      const staff = await tx
        .getRepository(StaffMember)
        .findOne({ where: { id: staffId }, relations: { organisation: true } });
      if (!staff) throw unknownReference('staffId', 'Staff member');
      return staff;
    }
    const own = await this.staff.findByUser(viewer.id, tx);
    if (!own)
      throw ruleBroken('no-staff-profile', 'Your account is not linked to a staff profile yet; ask a coordinator');
    if (staffId && staffId !== own.id) {
      throw forbidden('not-your-profile', 'Participants apply for themselves only; leave staffId out');
    }
    return own;
  }

  private requireOpen(cohort: Cohort): void {
    if (!acceptsApplications(cohort.status)) {
      throw ruleBroken(
        'cohort-not-open',
        `Applications are taken only while the cohort is open; it is ${cohort.status}`,
      );
    }
  }

  /** Once a cohort is active its applications are settled: placements rest on them. */
  private requireNotSettled(cohort: Cohort): void {
    if (cohort.status === 'active' || cohort.status === 'closed') {
      throw ruleBroken('cohort-settled', `The applications of an ${cohort.status} cohort can no longer change`);
    }
  }

  private lockCohort(id: string, tx: EntityManager): Promise<Cohort> {
    return tx.getRepository(Cohort).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  private async lock(id: string, tx: EntityManager): Promise<Application> {
    const application = await tx
      .getRepository(Application)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!application) throw notFound('Application');
    return application;
  }

  /** The kind's fields (400), then the programme's rules on partner and preferred hosts (422). */
  private async checkProgrammeRules(
    application: Application,
    staff: StaffMember,
    cohort: Cohort,
    tx: EntityManager,
  ): Promise<void> {
    const shape = applicationShapeProblems(application);
    if (shape.length) throw new ValidationProblem(shape);
    const region = staff.organisation!.region;
    const otherSide = cohort.sides.find((side) => side !== region);
    if (!cohort.sides.includes(region) || !otherSide) {
      throw ruleBroken(
        'not-a-cohort-side',
        `The cohort is between ${cohort.sides.join(' and ')}; this applicant is from ${region}`,
      );
    }
    const ids = application.kind === 'joint' ? [application.partnerOrganisationId!] : application.preferredHostIds;
    const hosts = ids.length ? await tx.getRepository(Organisation).findBy({ id: In(ids) }) : [];
    const problems = hostProblems(
      application.kind === 'joint' ? 'partnerOrganisationId' : 'preferredHostIds',
      ids,
      hosts,
      { organisationId: staff.organisationId, otherSide },
      { mustHost: application.kind === 'single' },
    );
    if (problems.length) {
      throw ruleBroken(
        'host-not-eligible',
        problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
        {
          errors: problems,
        },
      );
    }
    if (application.kind === 'joint' && !application.partnerContactEmail) {
      application.partnerContactEmail = hosts[0]?.contactEmail ?? null;
    }
  }
}
