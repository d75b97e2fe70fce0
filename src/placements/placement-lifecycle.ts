import { ENDED_STATUSES, PLACEMENT_STATUSES, PlacementStatus } from './placement-status';

/** Who moves a placement: the daily job is `system`. */
export type PlacementActor = 'coordinator' | 'participant' | 'system';

const BEFORE_COMPLETED: PlacementStatus[] = ['proposed', 'accepted', 'confirmed', 'in_progress'];

/** The placement's life (§5): each move, the statuses it leaves from and who may make it. */
const MOVES: { from: PlacementStatus[]; to: PlacementStatus; by: PlacementActor[] }[] = [
  { from: ['proposed'], to: 'accepted', by: ['participant'] },
  { from: ['accepted'], to: 'confirmed', by: ['coordinator'] },
  // The daily job starts and ends placements on their dates; a coordinator may do the same by hand.
  { from: ['confirmed'], to: 'in_progress', by: ['coordinator', 'system'] },
  { from: ['in_progress'], to: 'completed', by: ['coordinator', 'system'] },
  { from: BEFORE_COMPLETED, to: 'declined', by: ['participant'] },
  { from: BEFORE_COMPLETED, to: 'cancelled', by: ['coordinator'] },
];

/** Where `actor` may move a placement from `from`, in the order of PLACEMENT_STATUSES; ended ones go nowhere. */
export function allowedPlacementTransitions(from: PlacementStatus, actor: PlacementActor): PlacementStatus[] {
  return PLACEMENT_STATUSES.filter((to) =>
    MOVES.some((move) => move.to === to && move.from.includes(from) && move.by.includes(actor)),
  );
}

/** A live placement holds a host's place and the staff member in its cohort. */
export const isLivePlacement = (status: PlacementStatus): boolean => !ENDED_STATUSES.includes(status);

/** A coordinator's cancellation is explained to the participant and the host, so it needs a reason. */
export const TRANSITIONS_NEEDING_REASON: PlacementStatus[] = ['cancelled'];
