import {
  allowedPlacementTransitions,
  isLivePlacement,
  PlacementActor,
  TRANSITIONS_NEEDING_REASON,
} from './placement-lifecycle';
import { PLACEMENT_STATUSES, PlacementStatus } from './placement-status';

const ACTORS: PlacementActor[] = ['coordinator', 'participant', 'system'];

/** §5 written out by hand, one line per allowed (from, to, actor); everything else is refused. */
const ALLOWED: [PlacementStatus, PlacementStatus, PlacementActor][] = [
  ['proposed', 'accepted', 'participant'],
  ['proposed', 'declined', 'participant'],
  ['proposed', 'cancelled', 'coordinator'],
  ['accepted', 'confirmed', 'coordinator'],
  ['accepted', 'declined', 'participant'],
  ['accepted', 'cancelled', 'coordinator'],
  ['confirmed', 'in_progress', 'coordinator'],
  ['confirmed', 'in_progress', 'system'],
  ['confirmed', 'declined', 'participant'],
  ['confirmed', 'cancelled', 'coordinator'],
  ['in_progress', 'completed', 'coordinator'],
  ['in_progress', 'completed', 'system'],
  ['in_progress', 'declined', 'participant'],
  ['in_progress', 'cancelled', 'coordinator'],
];

const isAllowed = (from: PlacementStatus, to: PlacementStatus, actor: PlacementActor) =>
  ALLOWED.some(([f, t, a]) => f === from && t === to && a === actor);

const everyTriple = PLACEMENT_STATUSES.flatMap((from) =>
  PLACEMENT_STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor, isAllowed(from, to, actor)] as const)),
);

describe('placement lifecycle (§5)', () => {
  it.each(everyTriple)('%s → %s by %s: allowed %s', (from, to, actor, allowed) => {
    expect(allowedPlacementTransitions(from, actor).includes(to)).toBe(allowed);
  });

  it.each(PLACEMENT_STATUSES.flatMap((from) => ACTORS.map((actor) => [from, actor] as const)))(
    'from %s the %s gets exactly the allowed targets, in status order',
    (from, actor) => {
      const expected = PLACEMENT_STATUSES.filter((to) => isAllowed(from, to, actor));
      expect(allowedPlacementTransitions(from, actor)).toEqual(expected);
    },
  );

  it('spells out the main path and the exits', () => {
    expect(allowedPlacementTransitions('proposed', 'participant')).toEqual(['accepted', 'declined']);
    expect(allowedPlacementTransitions('confirmed', 'coordinator')).toEqual(['in_progress', 'cancelled']);
    expect(allowedPlacementTransitions('confirmed', 'system')).toEqual(['in_progress']);
    expect(allowedPlacementTransitions('proposed', 'system')).toEqual([]);
  });

  it.each<PlacementStatus>(['completed', 'declined', 'cancelled'])('lets nobody leave %s', (from) => {
    for (const actor of ACTORS) expect(allowedPlacementTransitions(from, actor)).toEqual([]);
  });

  it('counts a placement live until it is declined or cancelled', () => {
    const live = PLACEMENT_STATUSES.filter(isLivePlacement);
    expect(live).toEqual(['proposed', 'accepted', 'confirmed', 'in_progress', 'completed']);
  });

  it('asks a reason for a cancellation only', () => {
    expect(TRANSITIONS_NEEDING_REASON).toEqual(['cancelled']);
  });
});
