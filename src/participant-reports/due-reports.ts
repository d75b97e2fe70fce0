import type { EntityManager } from 'typeorm';
import type { Placement } from '../placements/placement.entity';
import { ParticipantReport } from './participant-report.entity';
import { REPORT_KINDS, reportDueDates } from './report-status';

/** The midterm and final reports of a placement, made when it is confirmed; a second call adds nothing. */
export async function createDueReports(placement: Placement, tx: EntityManager): Promise<void> {
  const due = reportDueDates(placement);
  await tx
    .createQueryBuilder()
    .insert()
    .into(ParticipantReport)
    .values(REPORT_KINDS.map((kind) => ({ placementId: placement.id, kind, dueOn: due[kind], status: 'due' as const })))
    .orIgnore()
    .execute();
}
