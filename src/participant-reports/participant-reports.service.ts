import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changes';
import { seesEverything, Viewer } from '../common/auth/viewer-scope';
import { conflict, notFound, ruleBroken, ValidationProblem } from '../common/http/problem.exception';
import { Page, pageOf, parseSort } from '../common/pagination/page';
import { Cohort } from '../cohorts/cohort.entity';
import { ENDED_STATUSES } from '../placements/placement-status';
import { Placement } from '../placements/placement.entity';
import { ReportListQuery } from './dto/participant-report.dto';
import { ParticipantReport } from './participant-report.entity';
import { allowedReportTransitions, ReportActor, ReportStatus } from './report-status';

export interface ReportWithQuestions {
  report: ParticipantReport;
  questions: string[];
}

@Injectable()
export class ParticipantReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Coordinators see every report; a participant those of their own placements. */
  private visibleTo(builder: SelectQueryBuilder<ParticipantReport>, viewer: Viewer) {
    if (seesEverything(viewer)) return builder;
    if (viewer.role === 'participant') {
      return builder.andWhere('staff.userId = :viewerId', { viewerId: viewer.id });
    }
    return builder.andWhere('false');
  }

  private query(manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(ParticipantReport)
      .createQueryBuilder('report')
      .innerJoin('report.placement', 'placement')
      .innerJoin('placement.staff', 'staff');
  }

  async get(id: string, viewer: Viewer): Promise<ReportWithQuestions> {
    const report = await this.visibleTo(this.query().where('report.id = :id', { id }), viewer).getOne();
    if (!report) throw notFound('Report');
    return { report, questions: await this.questionsFor(report) };
  }

  async list(query: ReportListQuery, viewer: Viewer): Promise<Page<ReportWithQuestions>> {
    const { field, direction } = parseSort(query.sort, 'dueOn');
    const builder = this.visibleTo(this.query(), viewer);
    if (query.placementId) builder.andWhere('report.placementId = :placementId', { placementId: query.placementId });
    if (query.status) builder.andWhere('report.status = :status', { status: query.status });
    if (query.kind) builder.andWhere('report.kind = :kind', { kind: query.kind });
    const [reports, total] = await builder
      .orderBy(`report.${field}`, direction)
      .addOrderBy('report.id')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(await this.withQuestions(reports), total, query);
  }

  /** The participant answers every question of the cohort, in order; a returned report may be submitted again. */
  async submit(id: string, answers: string[], viewer: Viewer): Promise<ReportWithQuestions> {
    await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const report = await this.lock(id, tx);
      this.requireMove(report.status, 'submitted', 'participant');
      const placement = await tx.getRepository(Placement).findOneByOrFail({ id: report.placementId });
      if (ENDED_STATUSES.includes(placement.status)) {
        throw ruleBroken('placement-ended', `The placement was ${placement.status}; its reports are closed`);
      }
      const questions = await this.questionsFor(report, tx);
      if (answers.length !== questions.length) {
        throw new ValidationProblem([
          { field: 'answers', message: `answer each of the ${questions.length} questions, in order` },
        ]);
      }
      await tx.getRepository(ParticipantReport).update(
        { id },
        {
          status: 'submitted',
          answers: questions.map((question, index) => ({ question, answer: answers[index] })),
          submittedAt: new Date(),
        },
      );
      await this.audit.record(
        {
          actorId: viewer.id,
          action: 'participant_report.submitted',
          entityType: 'participant_report',
          entityId: id,
          changes: changedFields({ status: report.status }, { status: 'submitted' }),
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  /** A coordinator accepts, or returns with a comment saying what to change. */
  async review(
    id: string,
    decision: 'accepted' | 'returned',
    comment: string | undefined,
    viewer: Viewer,
  ): Promise<ReportWithQuestions> {
    if (decision === 'returned' && !comment) {
      throw new ValidationProblem([{ field: 'comment', message: 'a returned report needs a comment' }]);
    }
    await this.get(id, viewer);
    await this.dataSource.transaction(async (tx) => {
      const report = await this.lock(id, tx);
      this.requireMove(report.status, decision, 'coordinator');
      await tx
        .getRepository(ParticipantReport)
        .update(
          { id },
          { status: decision, reviewedAt: new Date(), reviewedById: viewer.id, reviewComment: comment ?? null },
        );
      await this.audit.record(
        {
          actorId: viewer.id,
          action: `participant_report.${decision}`,
          entityType: 'participant_report',
          entityId: id,
          changes: changedFields({ status: report.status }, { status: decision }),
        },
        tx,
      );
    });
    return this.get(id, viewer);
  }

  private requireMove(from: ReportStatus, to: ReportStatus, actor: ReportActor): void {
    const allowed = allowedReportTransitions(from, actor);
    if (!allowed.includes(to)) {
      throw conflict(
        'illegal-transition',
        `A ${from} report cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`,
        {
          from,
          to,
          allowed,
        },
      );
    }
  }

  private async questionsFor(report: ParticipantReport, manager: EntityManager = this.dataSource.manager) {
    const [{ questions }] = await this.withQuestions([report], manager);
    return questions;
  }

  /**
   * A report handed in keeps the questions it answered; one still to write shows its cohort's current ones,
   * read for a whole page in one query.
   */
  private async withQuestions(
    reports: ParticipantReport[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReportWithQuestions[]> {
    const open = reports.filter((report) => !report.answers.length).map((report) => report.placementId);
    const rows: Array<{ id: string; report_questions: Cohort['reportQuestions'] }> = open.length
      ? await manager.query(
          `SELECT placement.id, cohort.report_questions
             FROM placements placement JOIN cohorts cohort ON cohort.id = placement.cohort_id
            WHERE placement.id = ANY($1)`,
          [open],
        )
      : [];
    const asked = new Map(rows.map((row) => [row.id, row.report_questions]));
    return reports.map((report) => ({
      report,
      questions: report.answers.length
        ? report.answers.map((answer) => answer.question)
        : (asked.get(report.placementId)?.[report.kind] ?? []),
    }));
  }

  private async lock(id: string, tx: EntityManager): Promise<ParticipantReport> {
    return tx.getRepository(ParticipantReport).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
