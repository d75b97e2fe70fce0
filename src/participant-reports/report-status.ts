import { addDays, dayNumber } from '../common/time';

/** A participant report's life (§5): due → submitted → accepted | returned; a returned report is resubmitted. */
export const REPORT_KINDS = ['midterm', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['due', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type ReportActor = 'participant' | 'coordinator';

const MOVES: Record<ReportActor, Partial<Record<ReportStatus, ReportStatus[]>>> = {
  participant: { due: ['submitted'], returned: ['submitted'] },
  coordinator: { submitted: ['accepted', 'returned'] },
};

export const allowedReportTransitions = (from: ReportStatus, actor: ReportActor): ReportStatus[] =>
  MOVES[actor][from] ?? [];

/** Days after the end of a placement at which the final report is due. */
export const FINAL_REPORT_AFTER_DAYS = 14;

/** The midterm report is due at the placement's midpoint, the final one 14 days after its end. */
export function reportDueDates(placement: { startsOn: string; endsOn: string }): Record<ReportKind, string> {
  const days = dayNumber(placement.endsOn) - dayNumber(placement.startsOn);
  return {
    midterm: addDays(placement.startsOn, Math.floor(days / 2)),
    final: addDays(placement.endsOn, FINAL_REPORT_AFTER_DAYS),
  };
}
