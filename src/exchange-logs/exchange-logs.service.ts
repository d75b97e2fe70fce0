import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { applyChanges, changedFields } from '../audit/changes';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { notFound, ruleBroken } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { Placement } from '../placements/placement.entity';
import { CreateExchangeLogDto, ExchangeLogListQuery, UpdateExchangeLogDto } from './dto/exchange-log.dto';
import { insidePlacement, logsOpen, MAX_HOURS_PER_DAY } from './exchange-log-rules';
import { ExchangeLog } from './exchange-log.entity';
import { utcDate } from '../common/time';

@Injectable()
export class ExchangeLogsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Coordinators read every log; a participant only those of their own placements. */
  private visibleTo(builder: SelectQueryBuilder<ExchangeLog>, viewer: Viewer): SelectQueryBuilder<ExchangeLog> {
    if (seesEverything(viewer)) return builder;
    if (viewer.role === 'participant') {
      return builder.andWhere(
        `log.placementId IN (SELECT placement.id FROM placements placement
                              JOIN staff ON staff.id = placement.staff_id WHERE staff.user_id = :viewerId)`,
        { viewerId: viewer.id },
      );
    }
    return builder.andWhere('false');
  }

  private query(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(ExchangeLog).createQueryBuilder('log');
  }

  async get(id: string, viewer: Viewer): Promise<ExchangeLog> {
    const log = await this.visibleTo(this.query().where('log.id = :id', { id }), viewer).getOne();
    if (!log) throw notFound('Exchange log');
    return log;
  }

  async list(query: ExchangeLogListQuery, viewer: Viewer): Promise<Page<ExchangeLog>> {
    const { field, direction } = parseSort(query.sort, 'loggedOn');
    const builder = this.visibleTo(this.query(), viewer);
    if (query.placementId) builder.andWhere('log.placementId = :placementId', { placementId: query.placementId });
    if (query.from) builder.andWhere('log.loggedOn >= :from', { from: query.from });
    if (query.to) builder.andWhere('log.loggedOn <= :to', { to: query.to });
    if (query.activityType) builder.andWhere('log.activityType = :type', { type: query.activityType });
    const [items, total] = await builder
      .orderBy(`log.${field}`, direction)
      .addOrderBy('log.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /**
   * Two round trips outside the transaction are spared: whether the caller may see the placement is asked by the
   * statement that locks it, and the answer is the inserted row (its id and timestamps come back from the insert).
   */
  async create(input: CreateExchangeLogDto, viewer: Viewer): Promise<ExchangeLog> {
    return this.dataSource.transaction(async (tx) => {
      const placement = await this.lockOpenPlacement(input.placementId, tx, viewer);
      await this.checkDay(placement, input.loggedOn, input.hours, null, tx);
      const repository = tx.getRepository(ExchangeLog);
      const log = repository.create({
        ...input,
        description: input.description ?? '',
        learningOutcomes: input.learningOutcomes ?? '',
        createdById: viewer.id,
      });
      await repository.insert(log);
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'exchange_log.created',
          entityType: 'exchange_log',
          entityId: log.id,
          changes: changedFields(null, {
            placementId: log.placementId,
            loggedOn: log.loggedOn,
            hours: log.hours,
            activityType: log.activityType,
          }),
        },
        tx,
      );
      return log;
    });
  }

  async update(id: string, changes: UpdateExchangeLogDto, viewer: Viewer): Promise<ExchangeLog> {
    const existing = await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const placement = await this.lockOpenPlacement(existing.placementId, tx);
      // Read again under the placement's lock: a concurrent delete may have won.
      const log = await tx.getRepository(ExchangeLog).findOneBy({ id });
      if (!log) throw notFound('Exchange log');
      await this.checkDay(placement, changes.loggedOn ?? log.loggedOn, changes.hours ?? log.hours, id, tx);
      const diff = applyChanges(log, changes);
      await tx.getRepository(ExchangeLog).save(log);
      await this.audit.record(
        { actorId: viewer.id, action: 'exchange_log.updated', entityType: 'exchange_log', entityId: id, changes: diff },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  async remove(id: string, viewer: Viewer): Promise<void> {
    const existing = await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      await this.lockOpenPlacement(existing.placementId, tx);
      const { affected } = await tx.getRepository(ExchangeLog).delete({ id });
      if (!affected) throw notFound('Exchange log');
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'exchange_log.deleted',
          entityType: 'exchange_log',
          entityId: id,
          changes: changedFields({ loggedOn: existing.loggedOn, hours: existing.hours }, null),
        },
        tx,
      );
    });
  }

  /**
   * The placement's row is locked while a day's hours are counted, so two logs written at once for the same
   * day cannot together pass 24 hours. With a viewer, a placement they may not see (§4: participants their own)
   * is a 404, as if it did not exist.
   */
  private async lockOpenPlacement(placementId: string, tx: EntityManager, viewer?: Viewer): Promise<Placement> {
    const builder = tx
      .getRepository(Placement)
      .createQueryBuilder('placement')
      .where('placement.id = :placementId', { placementId })
      .setLock('pessimistic_write', undefined, ['placement']);
    if (viewer && !seesEverything(viewer)) {
      if (viewer.role !== 'participant') builder.andWhere('false');
      builder.innerJoin('placement.staff', 'staff').andWhere('staff.userId = :viewerId', { viewerId: viewer.id });
    }
    const placement = await builder.getOne();
    if (!placement) throw notFound('Placement');
    if (!logsOpen(placement, utcDate())) {
      throw ruleBroken(
        'logs-closed',
        `Logs are kept while a placement is confirmed or in progress, and 14 days after it ends; it is ${placement.status}`,
      );
    }
    return placement;
  }

  private async checkDay(
    placement: Placement,
    loggedOn: string,
    hours: number,
    exceptLogId: string | null,
    tx: EntityManager,
  ): Promise<void> {
    if (!insidePlacement(placement, loggedOn)) {
      throw ruleBroken(
        'log-outside-placement',
        `The day must be inside the placement, ${placement.startsOn} … ${placement.endsOn}`,
        {
          errors: [{ field: 'loggedOn', message: `must be between ${placement.startsOn} and ${placement.endsOn}` }],
        },
      );
    }
    const [{ logged }]: Array<{ logged: string }> = await tx.query(
      `SELECT COALESCE(sum(hours), 0) AS logged FROM exchange_logs
        WHERE placement_id = $1 AND logged_on = $2 AND ($3::uuid IS NULL OR id <> $3)`,
      [placement.id, loggedOn, exceptLogId],
    );
    if (Number(logged) + hours > MAX_HOURS_PER_DAY) {
      throw ruleBroken(
        'daily-hours-exceeded',
        `${loggedOn} has ${Number(logged)} hours logged already; at most ${MAX_HOURS_PER_DAY} a day`,
        {
          errors: [
            { field: 'hours', message: `at most ${MAX_HOURS_PER_DAY - Number(logged)} more hours on ${loggedOn}` },
          ],
        },
      );
    }
  }
}
