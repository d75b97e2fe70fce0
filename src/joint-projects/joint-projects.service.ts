import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Viewer } from '../common/auth/viewer-scope';
import {
  conflict,
  type FieldError,
  notFound,
  ruleBroken,
  unknownReference,
  ValidationProblem,
} from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { Cohort } from '../cohorts/cohort.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Placement } from '../placements/placement.entity';
import { CreateJointProjectDto } from './dto/create-joint-project.dto';
import { JointProjectListQuery, JointProjectSortField } from './dto/joint-project-requests.dto';
import { CreateMilestoneDto, UpdateMilestoneDto } from './dto/milestone.dto';
import { UpdateJointProjectDto } from './dto/update-joint-project.dto';
import { JointProject } from './joint-project.entity';
import { JointProjectPartner } from './joint-project-partner.entity';
import { datesShuttingOutMilestones, dueDateProblems, partnerProblems, todayIn } from './joint-project-rules';
import { allowedJointProjectTransitions, JointProjectStatus } from './joint-project-status';
import { JointProjectMilestone } from './milestone.entity';
import { fundedCohortIds } from '../cohorts/funded-cohorts';

/** Milestone writes reckon "today" in the caller's own time zone. */
type MilestoneActor = Viewer & Pick<AuthenticatedUser, 'timeZone'>;

/** The fields the audit trail compares, as the API writes them. */
function auditView(project: JointProject, partnerIds: string[], placementIds: string[]): Record<string, unknown> {
  return {
    cohortId: project.cohortId,
    title: project.title,
    summary: project.summary,
    thematicAreas: project.thematicAreas,
    partnerOrganisationIds: [...partnerIds].sort(),
    placementIds: [...placementIds].sort(),
    budget:
      project.budgetAmountMinor === null
        ? null
        : { amountMinor: project.budgetAmountMinor, currency: project.budgetCurrency },
    fundingSource: project.fundingSource,
    status: project.status,
    startsOn: project.startsOn,
    endsOn: project.endsOn,
    peopleReached: project.peopleReached,
  };
}

@Injectable()
export class JointProjectsService {
  constructor(
    @InjectRepository(JointProject) private readonly projects: Repository<JointProject>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Which joint projects each role reads (§4), as SQL: participants those their own organisation (the one of
   * their linked staff profile) is a partner of, funders those of the cohorts their organisation funds.
   */
  visibleTo<T extends SelectQueryBuilder<JointProject>>(builder: T, viewer: Viewer, alias = 'project'): T {
    const viewerId = { viewerId: viewer.id };
    switch (viewer.role) {
      case 'admin':
      case 'coordinator':
        return builder;
      case 'participant':
        return builder.andWhere(
          `${alias}.id IN (SELECT partner.joint_project_id FROM joint_project_partners partner
                             JOIN staff ON staff.organisation_id = partner.organisation_id
                            WHERE staff.user_id = :viewerId)`,
          viewerId,
        );
      case 'funder':
        return builder.andWhere(`${alias}.cohortId IN (${fundedCohortIds(':viewerId')})`, viewerId);
      default:
        return builder.andWhere('false');
    }
  }

  async get(id: string, viewer: Viewer): Promise<JointProject> {
    const project = await this.visibleTo(
      this.projects.createQueryBuilder('project').where('project.id = :id', { id }),
      viewer,
    ).getOne();
    if (!project) throw notFound('Joint project');
    const [loaded] = await this.withRelations([project]);
    return loaded;
  }

  async list(query: JointProjectListQuery, viewer: Viewer): Promise<Page<JointProject>> {
    const { field, direction } = parseSort<JointProjectSortField>(query.sort, '-createdAt');
    const builder = this.visibleTo(this.projects.createQueryBuilder('project'), viewer);
    if (query.cohortId) builder.andWhere('project.cohortId = :cohortId', { cohortId: query.cohortId });
    if (query.status) builder.andWhere('project.status = :status', { status: query.status });
    if (query.organisationId) {
      builder.andWhere(
        'project.id IN (SELECT joint_project_id FROM joint_project_partners WHERE organisation_id = :organisationId)',
        { organisationId: query.organisationId },
      );
    }
    const [items, total] = await builder
      .orderBy(`project.${field}`, direction)
      .addOrderBy('project.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(await this.withRelations(items), total, query);
  }

  /** Partners, placement ids and milestones of a page of projects: one query each, not one per project. */
  private async withRelations(projects: JointProject[]): Promise<JointProject[]> {
    if (!projects.length) return projects;
    const ids = projects.map((project) => project.id);
    const manager = this.projects.manager;
    const [partners, placements, milestones] = await Promise.all([
      manager
        .getRepository(JointProjectPartner)
        .find({ where: { jointProjectId: In(ids) }, relations: { organisation: true } }),
      manager.query(
        `SELECT joint_project_id, placement_id FROM joint_project_placements WHERE joint_project_id = ANY($1)`,
        [ids],
      ) as Promise<Array<{ joint_project_id: string; placement_id: string }>>,
      manager.getRepository(JointProjectMilestone).find({ where: { jointProjectId: In(ids) } }),
    ]);
    for (const project of projects) {
      project.partnerLinks = partners.filter((link) => link.jointProjectId === project.id);
      project.placements = placements
        .filter((link) => link.joint_project_id === project.id)
        .map((link) => ({ id: link.placement_id }) as Placement);
      project.milestones = milestones.filter((milestone) => milestone.jointProjectId === project.id);
    }
    return projects;
  }

  async create(input: CreateJointProjectDto, viewer: Viewer): Promise<JointProject> {
    const id = await this.dataSource.transaction(async (tx) => {
      // Shared lock: the cohort's sides cannot change under the check.
      const cohort = await tx
        .getRepository(Cohort)
        .findOne({ where: { id: input.cohortId }, lock: { mode: 'pessimistic_read' } });
      if (!cohort) throw unknownReference('cohortId', 'Cohort');
      const placementIds = input.placementIds ?? [];
      await this.checkPartners(input.partnerOrganisationIds, cohort, tx);
      await this.checkPlacements(placementIds, cohort, tx);
      const project = tx.getRepository(JointProject).create({
        cohortId: cohort.id,
        title: input.title.trim(),
        summary: input.summary,
        thematicAreas: input.thematicAreas,
        budgetAmountMinor: input.budget?.amountMinor ?? null,
        budgetCurrency: input.budget?.currency.toUpperCase() ?? null,
        fundingSource: input.fundingSource ?? null,
        status: 'idea',
        startsOn: input.startsOn ?? null,
        endsOn: input.endsOn ?? null,
        peopleReached: input.peopleReached ?? null,
      });
      await tx.getRepository(JointProject).insert(project);
      await this.replacePartners(project.id, input.partnerOrganisationIds, tx);
      await this.replacePlacements(project.id, [], placementIds, tx);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'joint_project.created',
          entityType: 'joint_project',
          entityId: project.id,
          changes: changedFields(null, auditView(project, input.partnerOrganisationIds, placementIds)),
        },
        tx,
      );
      return project.id;
    });
    return this.get(id, viewer);
  }

  /** A dropped project is closed; a completed one still takes its final figures (people reached, budget). */
  async update(id: string, changes: UpdateJointProjectDto, viewer: Viewer): Promise<JointProject> {
    await this.dataSource.transaction(async (tx) => {
      const project = await this.lock(id, tx, 'pessimistic_write');
      this.requireNotDropped(project);
      const cohort = await tx
        .getRepository(Cohort)
        .findOneOrFail({ where: { id: project.cohortId }, lock: { mode: 'pessimistic_read' } });
      const { partnerIds, placementIds } = await this.linkedIds(id, tx);
      const before = auditView(project, partnerIds, placementIds);

      const { partnerOrganisationIds, placementIds: newPlacementIds, budget, ...fields } = changes;
      const set = Object.fromEntries(
        Object.entries(fields).filter(([, value]) => value !== undefined),
      ) as Partial<JointProject>;
      if (set.title !== undefined) set.title = set.title.trim();
      Object.assign(project, set);
      if (budget !== undefined) {
        project.budgetAmountMinor = budget?.amountMinor ?? null;
        project.budgetCurrency = budget?.currency.toUpperCase() ?? null;
      }
      await this.checkDates(project, tx);
      if (partnerOrganisationIds) await this.checkPartners(partnerOrganisationIds, cohort, tx);
      if (newPlacementIds) await this.checkPlacements(newPlacementIds, cohort, tx);

      // update() also moves updatedAt when only the partners or placements change.
      await tx.getRepository(JointProject).update(
        { id },
        {
          title: project.title,
          summary: project.summary,
          thematicAreas: project.thematicAreas,
          budgetAmountMinor: project.budgetAmountMinor,
          budgetCurrency: project.budgetCurrency,
          fundingSource: project.fundingSource,
          startsOn: project.startsOn,
          endsOn: project.endsOn,
          peopleReached: project.peopleReached,
        },
      );
      if (partnerOrganisationIds) await this.replacePartners(id, partnerOrganisationIds, tx);
      if (newPlacementIds) await this.replacePlacements(id, placementIds, newPlacementIds, tx);
      const after = auditView(project, partnerOrganisationIds ?? partnerIds, newPlacementIds ?? placementIds);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'joint_project.updated',
          entityType: 'joint_project',
          entityId: id,
          changes: changedFields(before, after),
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  /** One step forward, or dropped before completion; anything else is a 409 naming what is allowed. */
  async transition(id: string, to: JointProjectStatus, viewer: Viewer): Promise<JointProject> {
    await this.dataSource.transaction(async (tx) => {
      const project = await this.lock(id, tx, 'pessimistic_write');
      const allowed = allowedJointProjectTransitions(project.status);
      if (!allowed.includes(to)) {
        throw conflict(
          'illegal-transition',
          `A ${project.status} joint project cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`,
          { from: project.status, to, allowed },
        );
      }
      await tx.getRepository(JointProject).update({ id }, { status: to });
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'joint_project.transitioned',
          entityType: 'joint_project',
          entityId: id,
          changes: changedFields({ status: project.status }, { status: to }),
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  async addMilestone(
    projectId: string,
    input: CreateMilestoneDto,
    actor: MilestoneActor,
  ): Promise<JointProjectMilestone> {
    return this.dataSource.transaction(async (tx) => {
      // Shared lock: the project's dates cannot change under the check, other milestones may be written meanwhile.
      const project = await this.lock(projectId, tx, 'pessimistic_read');
      this.requireNotDropped(project);
      const milestone = tx.getRepository(JointProjectMilestone).create({
        jointProjectId: projectId,
        title: input.title.trim(),
        dueOn: input.dueOn,
        doneOn: input.doneOn ?? null,
      });
      this.checkMilestone(milestone, project, actor, true);
      await tx.getRepository(JointProjectMilestone).insert(milestone);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'joint_project_milestone.created',
          entityType: 'joint_project_milestone',
          entityId: milestone.id,
          changes: changedFields(null, {
            jointProjectId: projectId,
            title: milestone.title,
            dueOn: milestone.dueOn,
            doneOn: milestone.doneOn,
          }),
        },
        tx,
      );
      return tx.getRepository(JointProjectMilestone).findOneByOrFail({ id: milestone.id });
    });
  }

  async updateMilestone(
    projectId: string,
    milestoneId: string,
    changes: UpdateMilestoneDto,
    actor: MilestoneActor,
  ): Promise<JointProjectMilestone> {
    return this.dataSource.transaction(async (tx) => {
      const project = await this.lock(projectId, tx, 'pessimistic_read');
      const repository = tx.getRepository(JointProjectMilestone);
      const milestone = await repository.findOne({
        where: { id: milestoneId, jointProjectId: projectId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!milestone) throw notFound('Milestone');
      this.requireNotDropped(project);
      const diff = applyChanges(milestone, {
        ...changes,
        ...(changes.title !== undefined && { title: changes.title.trim() }),
      });
      this.checkMilestone(milestone, project, actor, 'doneOn' in diff);
      await repository.update(
        { id: milestoneId },
        { title: milestone.title, dueOn: milestone.dueOn, doneOn: milestone.doneOn },
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'joint_project_milestone.updated',
          entityType: 'joint_project_milestone',
          entityId: milestoneId,
          changes: diff,
        },
        tx,
      );
      return repository.findOneByOrFail({ id: milestoneId });
    });
  }

  async removeMilestone(projectId: string, milestoneId: string, actor: Viewer): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const project = await this.lock(projectId, tx, 'pessimistic_read');
      const repository = tx.getRepository(JointProjectMilestone);
      const milestone = await repository.findOne({
        where: { id: milestoneId, jointProjectId: projectId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!milestone) throw notFound('Milestone');
      this.requireNotDropped(project);
      await repository.delete({ id: milestoneId });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'joint_project_milestone.deleted',
          entityType: 'joint_project_milestone',
          entityId: milestoneId,
          changes: changedFields(
            { jointProjectId: projectId, title: milestone.title, dueOn: milestone.dueOn, doneOn: milestone.doneOn },
            null,
          ),
        },
        tx,
      );
    });
  }

  private async linkedIds(id: string, tx: EntityManager): Promise<{ partnerIds: string[]; placementIds: string[] }> {
    const partners: Array<{ id: string }> = await tx.query(
      `SELECT organisation_id AS id FROM joint_project_partners WHERE joint_project_id = $1`,
      [id],
    );
    const placements: Array<{ id: string }> = await tx.query(
      `SELECT placement_id AS id FROM joint_project_placements WHERE joint_project_id = $1`,
      [id],
    );
    return { partnerIds: partners.map((row) => row.id), placementIds: placements.map((row) => row.id) };
  }

  private async lock(
    id: string,
    tx: EntityManager,
    mode: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<JointProject> {
    const project = await tx.getRepository(JointProject).findOne({ where: { id }, lock: { mode } });
    if (!project) throw notFound('Joint project');
    return project;
  }

  private requireNotDropped(project: JointProject): void {
    if (project.status === 'dropped') {
      throw ruleBroken('joint-project-dropped', 'A dropped joint project can no longer be changed');
    }
  }

  /** Partners exist (else 422 unknown-reference), come from the cohort's sides and cover both. */
  private async checkPartners(ids: string[], cohort: Cohort, tx: EntityManager): Promise<void> {
    const partners = await tx
      .getRepository(Organisation)
      .find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_read' } });
    const unknown = ids.filter((id) => !partners.some((partner) => partner.id === id));
    if (unknown.length) {
      throw this.unknownIds('partnerOrganisationIds', 'an organisation', unknown);
    }
    const problems = partnerProblems(partners, cohort.sides);
    if (problems.length) {
      throw ruleBroken('partners-not-eligible', problems.map((problem) => problem.message).join('; '), {
        errors: problems,
      });
    }
  }

  /** The placements a project grew from exist and belong to its cohort. */
  private async checkPlacements(ids: string[], cohort: Cohort, tx: EntityManager): Promise<void> {
    if (!ids.length) return;
    const placements = await tx.getRepository(Placement).findBy({ id: In(ids) });
    const unknown = ids.filter((id) => !placements.some((placement) => placement.id === id));
    if (unknown.length) throw this.unknownIds('placementIds', 'a placement', unknown);
    const foreign = placements.filter((placement) => placement.cohortId !== cohort.id);
    if (foreign.length) {
      throw ruleBroken(
        'placement-not-in-cohort',
        `Placements of another cohort: ${foreign.map((placement) => placement.id).join(', ')}`,
        {
          errors: foreign.map((placement) => ({
            field: 'placementIds',
            message: `placement ${placement.id} is not of this cohort`,
          })),
        },
      );
    }
  }

  /** Dates in order (400, as in the body), and every milestone still inside them (422). */
  private async checkDates(project: JointProject, tx: EntityManager): Promise<void> {
    if (project.startsOn && project.endsOn && project.endsOn < project.startsOn) {
      throw new ValidationProblem([{ field: 'endsOn', message: 'endsOn must be on or after startsOn' }]);
    }
    const milestones = await tx.getRepository(JointProjectMilestone).findBy({ jointProjectId: project.id });
    const problems = datesShuttingOutMilestones(project, milestones);
    if (problems.length) {
      throw ruleBroken(
        'milestones-outside-project',
        `The new dates leave milestones outside the project: ${problems.map((problem) => problem.message).join('; ')}`,
        { errors: problems },
      );
    }
  }

  private checkMilestone(
    milestone: JointProjectMilestone,
    project: JointProject,
    actor: MilestoneActor,
    doneOnChanged: boolean,
  ): void {
    const outside = dueDateProblems(milestone.dueOn, project);
    if (outside.length) {
      throw ruleBroken('milestone-outside-project', `dueOn: ${outside[0].message}`, { errors: outside });
    }
    const today = todayIn(actor.timeZone);
    if (doneOnChanged && milestone.doneOn && milestone.doneOn > today) {
      const errors: FieldError[] = [{ field: 'doneOn', message: `must not be later than today (${today})` }];
      throw ruleBroken('milestone-done-in-future', `doneOn: ${errors[0].message}`, { errors });
    }
  }

  private async replacePartners(projectId: string, organisationIds: string[], tx: EntityManager): Promise<void> {
    const links = tx.getRepository(JointProjectPartner);
    await links.delete({ jointProjectId: projectId });
    await links.insert(organisationIds.map((organisationId) => ({ jointProjectId: projectId, organisationId })));
  }

  private async replacePlacements(
    projectId: string,
    current: string[],
    next: string[],
    tx: EntityManager,
  ): Promise<void> {
    await tx
      .createQueryBuilder()
      .relation(JointProject, 'placements')
      .of(projectId)
      .addAndRemove(
        next.filter((id) => !current.includes(id)),
        current.filter((id) => !next.includes(id)),
      );
  }

  private unknownIds(field: string, what: string, ids: string[]) {
    return ruleBroken('unknown-reference', `Not ${what}: ${ids.join(', ')}`, {
      errors: ids.map((id) => ({ field, message: `${id} is not ${what}` })),
    });
  }
}
