/** A placement's statuses (§5); the lifecycle's rules come with the placements issue. */
export const PLACEMENT_STATUSES = [
  'proposed',
  'accepted',
  'confirmed',
  'in_progress',
  'completed',
  'declined',
  'cancelled',
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** Declined and cancelled placements no longer hold a host's place or the staff member. */
export const ENDED_STATUSES: PlacementStatus[] = ['declined', 'cancelled'];
