import { allowedCohortTransitions, checkCohortTransition, COHORT_STATUSES, CohortStatus } from './cohort-status';

describe('cohort status machine', () => {
  it.each<[CohortStatus, CohortStatus]>([
    ['draft', 'open'],
    ['open', 'matching'],
    ['matching', 'active'],
    ['active', 'closed'],
  ])('lets %s move forward to %s', (from, to) => {
    expect(checkCohortTransition(from, to)).toEqual({ allowed: true });
  });

  it('refuses every other move and names the one allowed', () => {
    for (const from of COHORT_STATUSES) {
      for (const to of COHORT_STATUSES) {
        const forward = COHORT_STATUSES.indexOf(to) === COHORT_STATUSES.indexOf(from) + 1;
        if (forward) continue;
        expect(checkCohortTransition(from, to)).toEqual({
          allowed: false,
          allowedTargets: allowedCohortTransitions(from),
        });
      }
    }
  });

  it('never goes back, skips a step or leaves closed', () => {
    expect(checkCohortTransition('matching', 'open')).toEqual({ allowed: false, allowedTargets: ['active'] });
    expect(checkCohortTransition('draft', 'matching')).toEqual({ allowed: false, allowedTargets: ['open'] });
    expect(checkCohortTransition('open', 'open')).toEqual({ allowed: false, allowedTargets: ['matching'] });
    expect(allowedCohortTransitions('closed')).toEqual([]);
  });
});
