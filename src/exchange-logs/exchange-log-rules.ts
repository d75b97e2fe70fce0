import type { PlacementStatus } from '../placements/placement-status';
import { addDays } from '../common/time';

/** Logs stay open this many days after a completed placement's end, for the last entries. */
export const LOG_GRACE_DAYS = 14;
export const MAX_HOURS_PER_DAY = 24;

/** Whether a placement takes log entries today: confirmed, in progress, or completed less than 14 days ago. */
export function logsOpen(placement: { status: PlacementStatus; endsOn: string }, today: string): boolean {
  if (placement.status === 'confirmed' || placement.status === 'in_progress') return true;
  return placement.status === 'completed' && today <= addDays(placement.endsOn, LOG_GRACE_DAYS);
}

export const insidePlacement = (placement: { startsOn: string; endsOn: string }, date: string): boolean =>
  date >= placement.startsOn && date <= placement.endsOn;
