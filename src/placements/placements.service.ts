import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import { Application } from '../applications/application.entity';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { conflict, notFound, ruleBroken, unknownReference, ValidationProblem } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { Cohort } from '../cohorts/cohort.entity';
import type { CohortStatus } from '../cohorts/cohort-status';
import { engineHost, engineParticipant, engineRules } from '../matching/engine-input';
import { NotificationType } from '../notifications/notification-types';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import { createDueReports } from '../participant-reports/due-reports';
import { ParticipantReport } from '../participant-reports/participant-report.entity';
import { REPORT_KINDS, reportDueDates } from '../participant-reports/report-status';
import { TwinningPairsService } from '../twinning-pairs/twinning-pairs.service';
import { ChecklistItem } from './checklist-item.entity';
import { checklistFor } from './checklist';
import { CreatePlacementDto, PlacementListQuery, UpdatePlacementDto } from './dto/placement-requests.dto';
import { computeGrant, GrantBreakdown } from './grant-calculator';
import { allowedPlacementTransitions, PlacementActor } from './placement-lifecycle';
import { placementDateProblems, placementRuleProblems } from './placement-rules';
import { ENDED_STATUSES, PlacementStatus } from './placement-status';
import { Placement } from './placement.entity';

/** Which transitions are news, and to whom (§7). */
const ANNOUNCED: Partial<Record<PlacementStatus, NotificationType>> = {
  accepted: 'placement_accepted',
  declined: 'placement_declined',
  confirmed: 'placement_confirmed',
  cancelled: 'placement_cancelled',
};
const AUDIENCES: Partial<Record<NotificationType, Array<'participant' | 'coordinators' | 'host'>>> = {
  placement_proposed: ['participant', 'host'],
  placement_accepted: ['coordinators'],
  placement_declined: ['coordinators', 'host'],
  placement_confirmed: ['participant', 'host'],
  placement_cancelled: ['participant', 'host'],
};

/** Placements are made once a cohort is matching, and while it is active. */
const PLACING_STATUSES: CohortStatus[] = ['matching', 'active'];
const FINISHED: PlacementStatus[] = ['completed', ...ENDED_STATUSES];
const LIVE_SQL = `status NOT IN (${ENDED_STATUSES.map((status) => `'${status}'`).join(', ')})`;

export interface PlacementWithChecklist {
  placement: Placement;
  checklist: ChecklistItem[];
}

@Injectable()
export class PlacementsService {
  private readonly logger = new Logger(PlacementsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pairs: TwinningPairsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Who sees which placement (§4): coordinators all, participants their own, nobody else. */
  private visibleTo(builder: SelectQueryBuilder<Placement>, viewer: Viewer): SelectQueryBuilder<Placement> {
    if (seesEverything(viewer)) return builder;
    if (viewer.role === 'participant') return builder.andWhere('staff.userId = :viewerId', { viewerId: viewer.id });
    return builder.andWhere('false');
  }

  private query(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Placement> {
    return manager
      .getRepository(Placement)
      .createQueryBuilder('placement')
      .innerJoinAndSelect('placement.staff', 'staff')
      .innerJoinAndSelect('staff.organisation', 'home')
      .innerJoinAndSelect('placement.hostOrganisation', 'host');
  }

  async get(id: string, viewer: Viewer): Promise<PlacementWithChecklist> {
    const placement = await this.visibleTo(this.query().where('placement.id = :id', { id }), viewer).getOne();
    if (!placement) throw notFound('Placement');
    const checklist = await this.dataSource
      .getRepository(ChecklistItem)
      .find({ where: { placementId: id }, order: { dueOn: 'ASC', key: 'ASC' } });
    return { placement, checklist };
  }

  /**
   * A page of placements. The list shows a few fields of the participant and of the two organisations
   * (PlacementResponse), so only those are read, not three more whole records per row. The count leaves out the
   * organisations: every placement has one staff member and one host (NOT NULL foreign keys), so joining them
   * changes the cost, not the number; staff is joined only where visibility needs it.
   */
  async list(query: PlacementListQuery, viewer: Viewer): Promise<Page<Placement>> {
    const { field, direction } = parseSort(query.sort, 'startsOn');
    const filtered = (builder: SelectQueryBuilder<Placement>) => {
      this.visibleTo(builder, viewer);
      if (query.cohortId) builder.andWhere('placement.cohortId = :cohortId', { cohortId: query.cohortId });
      if (query.status) builder.andWhere('placement.status = :status', { status: query.status });
      if (query.staffId) builder.andWhere('placement.staffId = :staffId', { staffId: query.staffId });
      if (query.hostOrganisationId) {
        builder.andWhere('placement.hostOrganisationId = :hostId', { hostId: query.hostOrganisationId });
      }
      return builder;
    };
    const placements = this.dataSource.getRepository(Placement);
    const page = placements
      .createQueryBuilder('placement')
      .innerJoin('placement.staff', 'staff')
      .addSelect(['staff.id', 'staff.fullName', 'staff.organisationId'])
      .innerJoin('staff.organisation', 'home')
      .addSelect(['home.id', 'home.name'])
      .innerJoin('placement.hostOrganisation', 'host')
      .addSelect(['host.id', 'host.name', 'host.region', 'host.country']);
    const counted = placements.createQueryBuilder('placement');
    if (!seesEverything(viewer)) counted.innerJoin('placement.staff', 'staff');
    const [items, total] = await Promise.all([
      filtered(page)
        .orderBy(`placement.${field}`, direction)
        .addOrderBy('placement.id')
        .offset(query.offset)
        .limit(query.pageSize)
        .getMany(),
      filtered(counted).getCount(),
    ]);
    return pageOf(items, total, query);
  }

  /**
   * A placement made by hand, under the same rules as matching. The host's row is locked while its places are
   * counted, so concurrent placements at one host can never exceed its capacity; the partial unique index
   * keeps a staff member to one live placement per cohort.
   */
  async create(input: CreatePlacementDto, actorId: string): Promise<PlacementWithChecklist> {
    const id = await this.dataSource.transaction(async (tx) => {
      const application = await tx
        .getRepository(Application)
        .createQueryBuilder('application')
        .innerJoinAndSelect('application.staff', 'staff')
        .innerJoinAndSelect('staff.organisation', 'organisation')
        .where('application.id = :id', { id: input.applicationId })
        .setLock('pessimistic_read', undefined, ['application'])
        .getOne();
      if (!application) throw unknownReference('applicationId', 'Application');
      const cohort = await this.lockCohort(application.cohortId, tx);
      this.requirePlacing(cohort);
      const host = await tx
        .getRepository(Organisation)
        .findOne({ where: { id: input.hostOrganisationId }, lock: { mode: 'pessimistic_write' } });
      if (!host) throw unknownReference('hostOrganisationId', 'Organisation');
      const left = host.hostingCapacity - (await this.livePlacementsAt(host.id, cohort.id, tx));
      const problems = placementRuleProblems(
        engineParticipant(application),
        engineHost(host, left),
        engineRules(cohort),
        input,
      );
      if (problems.length) {
        throw ruleBroken('placement-rule', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
          errors: problems,
        });
      }
      const home = application.staff!.organisation!;
      const placement = tx.getRepository(Placement).create({
        cohortId: cohort.id,
        staffId: application.staffId,
        applicationId: application.id,
        hostOrganisationId: host.id,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        status: 'proposed',
        mentorName: input.mentorName ?? null,
        twinningPairId: await this.pairs.ensure(tx, {
          cohortId: cohort.id,
          organisations: [home.id, host.id],
          origin: 'placement',
          exchangeTopic: application.exchangeTopic,
        }),
        grant: this.grant(cohort, home, host, input),
        grantFrozenAt: null,
        cancellationReason: null,
        matchScore: null,
        scoreBreakdown: null,
        matchingRunId: null,
      });
      await tx.getRepository(Placement).insert(placement);
      await this.announce(tx, placement.id, 'placement_proposed');
      await this.audit.record(
        {
          actorId,
          action: 'placement.created',
          entityType: 'placement',
          entityId: placement.id,
          changes: changedFields(null, {
            staffId: placement.staffId,
            hostOrganisationId: placement.hostOrganisationId,
            startsOn: placement.startsOn,
            endsOn: placement.endsOn,
            status: placement.status,
          }),
        },
        tx,
      );
      return placement.id;
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  /** New dates or mentor; the grant follows the dates until the placement is completed. */
  async update(id: string, changes: UpdatePlacementDto, actorId: string): Promise<PlacementWithChecklist> {
    await this.dataSource.transaction(async (tx) => {
      const placement = await this.lock(id, tx);
      if (FINISHED.includes(placement.status)) {
        throw ruleBroken('placement-finished', `A ${placement.status} placement can no longer change`);
      }
      const dates = { startsOn: changes.startsOn ?? placement.startsOn, endsOn: changes.endsOn ?? placement.endsOn };
      if (dates.endsOn < dates.startsOn) {
        throw new ValidationProblem([{ field: 'endsOn', message: 'endsOn must be on or after startsOn' }]);
      }
      const cohort = await this.lockCohort(placement.cohortId, tx);
      const [home, host] = await this.organisationsOf(placement, tx);
      if (changes.startsOn !== undefined || changes.endsOn !== undefined) {
        const application = placement.applicationId
          ? await this.applicationWithStaff(placement.applicationId, tx)
          : null;
        const problems = application
          ? placementDateProblems(engineParticipant(application), engineRules(cohort), dates)
          : [];
        if (problems.length) {
          throw ruleBroken('placement-rule', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
            errors: problems,
          });
        }
      }
      const diff = applyChanges(placement, {
        ...changes,
        grant: this.grant(cohort, home, host, dates),
      });
      await tx.getRepository(Placement).save(placement);
      if (changes.startsOn !== undefined || changes.endsOn !== undefined) await this.followDates(placement, tx);
      await this.audit.record(
        { actorId, action: 'placement.updated', entityType: 'placement', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, { id: actorId, role: 'coordinator' });
  }

  /**
   * One step of the lifecycle. The row lock orders racing requests: the second sees the new status and gets a
   * 409 naming what is allowed from there.
   */
  async transition(
    id: string,
    to: PlacementStatus,
    reason: string | undefined,
    viewer: Viewer,
  ): Promise<PlacementWithChecklist> {
    await this.get(id, viewer);
    const actor: PlacementActor = seesEverything(viewer) ? 'coordinator' : 'participant';
    await this.dataSource.transaction((tx) => this.move(id, to, reason, actor, viewer.id, tx));
    return this.get(id, viewer);
  }

  /** A transition whose actor the caller has decided (the demo); the lifecycle's rules still apply. */
  moveAs(
    id: string,
    to: PlacementStatus,
    actor: PlacementActor,
    actorId: string | null,
    reason?: string,
  ): Promise<void> {
    return this.dataSource.transaction((tx) => this.move(id, to, reason, actor, actorId, tx));
  }

  private async move(
    id: string,
    to: PlacementStatus,
    reason: string | undefined,
    actor: PlacementActor,
    actorId: string | null,
    tx: EntityManager,
  ): Promise<void> {
    const placement = await this.lock(id, tx);
    const allowed = allowedPlacementTransitions(placement.status, actor);
    if (!allowed.includes(to)) {
      throw conflict(
        'illegal-transition',
        `A ${placement.status} placement cannot become ${to}${actor === 'participant' ? ' by its participant' : ''}; ` +
          `allowed: ${allowed.join(', ') || 'none'}`,
        { from: placement.status, to, allowed },
      );
    }
    if (to === 'cancelled' && !reason) {
      throw new ValidationProblem([{ field: 'reason', message: 'a cancellation needs a reason' }]);
    }
    if (to === 'confirmed') {
      await this.makeChecklist(placement, tx);
      await createDueReports(placement, tx);
    }
    if (to === 'in_progress') {
      const notDone = await tx
        .getRepository(ChecklistItem)
        .find({ where: { placementId: id, required: true, doneAt: IsNull() }, order: { dueOn: 'ASC', key: 'ASC' } });
      if (notDone.length) {
        throw ruleBroken(
          'checklist-open',
          `Required pre-departure items are still open: ${notDone.map((item) => item.key).join(', ')}`,
          { openItems: notDone.map((item) => item.key) },
        );
      }
    }
    const changes: Partial<Placement> = {
      status: to,
      ...(to === 'cancelled' && { cancellationReason: reason }),
      ...(to === 'completed' && { grantFrozenAt: new Date() }),
    };
    const diff = changedFields({ status: placement.status }, { status: to });
    if (reason) diff.reason = { before: null, after: reason };
    await tx.getRepository(Placement).update({ id }, changes);
    const news = ANNOUNCED[to];
    if (news) await this.announce(tx, id, news);
    await this.audit.record(
      { actorId, action: 'placement.transitioned', entityType: 'placement', entityId: id, changes: diff },
      tx,
    );
  }

  async tickChecklist(id: string, key: string, done: boolean, viewer: Viewer): Promise<PlacementWithChecklist> {
    await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const placement = await this.lock(id, tx);
      if (FINISHED.includes(placement.status)) {
        throw ruleBroken('placement-finished', `A ${placement.status} placement's checklist is closed`);
      }
      const item = await tx.getRepository(ChecklistItem).findOne({ where: { placementId: id, key } });
      if (!item) throw notFound('Checklist item');
      const before = { done: item.doneAt !== null };
      await tx
        .getRepository(ChecklistItem)
        .update(
          { id: item.id },
          done
            ? { doneAt: item.doneAt ?? new Date(), doneById: item.doneById ?? viewer.id }
            : { doneAt: null, doneById: null },
        );
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'placement.checklist_ticked',
          entityType: 'placement',
          entityId: id,
          changes: { [`checklist.${key}`]: { before: before.done, after: done } },
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  /**
   * The daily move by the calendar: confirmed placements whose start has come begin (when their checklist is
   * done), in-progress ones whose end has passed complete. Rows another worker holds are skipped, and a
   * placement already moved is not selected again, so the job can run any number of times.
   */
  async advanceByCalendar(today: string): Promise<{ started: number; completed: number; waiting: number }> {
    const counts = { started: 0, completed: 0, waiting: 0 };
    const due: Array<{ id: string; status: PlacementStatus }> = await this.dataSource.query(
      `SELECT id, status FROM placements
        WHERE (status = 'confirmed' AND starts_on <= $1) OR (status = 'in_progress' AND ends_on < $1)
        ORDER BY id`,
      [today],
    );
    for (const { id, status } of due) {
      const to: PlacementStatus = status === 'confirmed' ? 'in_progress' : 'completed';
      try {
        const moved = await this.dataSource.transaction(async (tx) => {
          const [held] = await tx.query(
            `SELECT id FROM placements WHERE id = $1 AND status = $2 FOR UPDATE SKIP LOCKED`,
            [id, status],
          );
          if (held) await this.move(id, to, undefined, 'system', null, tx);
          return Boolean(held);
        });
        // A row another worker holds is that worker's to move, and to count.
        if (moved && to === 'in_progress') counts.started++;
        if (moved && to === 'completed') counts.completed++;
      } catch (error) {
        // An open checklist keeps a placement waiting; the coordinators see it on the placement.
        counts.waiting++;
        this.logger.warn({ placementId: id, err: error }, 'placement not moved by the calendar');
      }
    }
    return counts;
  }

  /**
   * Tells the people a placement's news concerns (§7), in the transaction of the change: the participant, the
   * coordinators and the host's contact address, as the kind of news calls for.
   */
  async announce(tx: EntityManager, placementId: string, type: NotificationType): Promise<void> {
    const audience = AUDIENCES[type] ?? [];
    const [row]: Array<{
      starts_on: string;
      ends_on: string;
      full_name: string;
      user_id: string | null;
      host_name: string;
      contact_email: string | null;
      host_region: string;
      working_languages: string[];
      cancellation_reason: string | null;
    }> = await tx.query(
      `SELECT placement.starts_on::text, placement.ends_on::text, staff.full_name, staff.user_id,
              host.name AS host_name, host.contact_email, host.region AS host_region, host.working_languages,
              placement.cancellation_reason
         FROM placements placement
         JOIN staff ON staff.id = placement.staff_id
         JOIN organisations host ON host.id = placement.host_organisation_id
        WHERE placement.id = $1`,
      [placementId],
    );
    const input = {
      type,
      subject: { type: 'placement', id: placementId },
      params: {
        participant: row.full_name,
        host: row.host_name,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        reason: row.cancellation_reason ?? '',
      },
    };
    if (audience.includes('participant') && row.user_id) await this.notifications.notifyUser(tx, row.user_id, input);
    if (audience.includes('coordinators')) await this.notifications.notifyRole(tx, 'coordinator', input);
    if (audience.includes('host') && row.contact_email) {
      // Organisations have no language setting: a Chinese host working in Chinese is written to in Chinese.
      const locale = row.host_region === 'CN' && row.working_languages.includes('zh') ? 'zh' : 'en';
      await this.notifications.notifyAddress(tx, row.contact_email, locale, input);
    }
  }

  /** Places taken at a host in a cohort by live placements. */
  livePlacementsAt(hostId: string, cohortId: string, tx: EntityManager): Promise<number> {
    return tx
      .query(
        `SELECT count(*)::int AS count FROM placements WHERE host_organisation_id = $1 AND cohort_id = $2 AND ${LIVE_SQL}`,
        [hostId, cohortId],
      )
      .then(([row]: Array<{ count: number }>) => row.count);
  }

  /** The grant of a stay from `home` to `host` under the cohort's rules. */
  grant(
    cohort: Cohort,
    home: Organisation,
    host: Organisation,
    dates: { startsOn: string; endsOn: string },
  ): GrantBreakdown {
    return computeGrant({ ...dates, hostSide: host.region, home, host, rules: cohort.grantRules });
  }

  /** Due dates hang from the placement's dates: checklist items and reports not yet handed in move with them. */
  private async followDates(placement: Placement, tx: EntityManager): Promise<void> {
    const [home, host] = await this.organisationsOf(placement, tx);
    const templates = checklistFor({
      startsOn: placement.startsOn,
      travellerSide: home.region,
      hostSide: host.region,
      hostCountry: host.country,
    });
    for (const item of templates) {
      await tx.getRepository(ChecklistItem).update({ placementId: placement.id, key: item.key }, { dueOn: item.dueOn });
    }
    const due = reportDueDates(placement);
    for (const kind of REPORT_KINDS) {
      await tx
        .getRepository(ParticipantReport)
        .update({ placementId: placement.id, kind, status: In(['due', 'returned']) }, { dueOn: due[kind] });
    }
  }

  private async makeChecklist(placement: Placement, tx: EntityManager): Promise<void> {
    const [home, host] = await this.organisationsOf(placement, tx);
    const items = checklistFor({
      startsOn: placement.startsOn,
      travellerSide: home.region,
      hostSide: host.region,
      hostCountry: host.country,
    });
    await tx
      .createQueryBuilder()
      .insert()
      .into(ChecklistItem)
      .values(items.map((item) => ({ ...item, placementId: placement.id })))
      .orIgnore()
      .execute();
  }

  private async organisationsOf(placement: Placement, tx: EntityManager): Promise<[Organisation, Organisation]> {
    const [home] = await tx.query<Array<{ organisation_id: string }>>(
      `SELECT organisation_id FROM staff WHERE id = $1`,
      [placement.staffId],
    );
    const organisations = await tx
      .getRepository(Organisation)
      .findBy({ id: In([home.organisation_id, placement.hostOrganisationId]) });
    const find = (orgId: string) => organisations.find((organisation) => organisation.id === orgId)!;
    return [find(home.organisation_id), find(placement.hostOrganisationId)];
  }

  private applicationWithStaff(id: string, tx: EntityManager): Promise<Application> {
    return tx.getRepository(Application).findOneOrFail({ where: { id }, relations: { staff: { organisation: true } } });
  }

  private lockCohort(id: string, tx: EntityManager): Promise<Cohort> {
    return tx.getRepository(Cohort).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  private async lock(id: string, tx: EntityManager): Promise<Placement> {
    const placement = await tx.getRepository(Placement).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!placement) throw notFound('Placement');
    return placement;
  }

  private requirePlacing(cohort: Cohort): void {
    if (!PLACING_STATUSES.includes(cohort.status)) {
      throw ruleBroken(
        'cohort-not-placing',
        `Placements are made while the cohort is matching or active; it is ${cohort.status}`,
      );
    }
  }
}
