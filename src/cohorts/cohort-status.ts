/** A cohort's life, forward only and one step at a time (§5). Pure, so the rule is tested alone. */
export const COHORT_STATUSES = ['draft', 'open', 'matching', 'active', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

export function allowedCohortTransitions(from: CohortStatus): CohortStatus[] {
  const next = COHORT_STATUSES[COHORT_STATUSES.indexOf(from) + 1];
  return next ? [next] : [];
}

export type TransitionCheck<S> = { allowed: true } | { allowed: false; allowedTargets: S[] };

export function checkCohortTransition(from: CohortStatus, to: CohortStatus): TransitionCheck<CohortStatus> {
  const allowedTargets = allowedCohortTransitions(from);
  return allowedTargets.includes(to) ? { allowed: true } : { allowed: false, allowedTargets };
}

/** Applications are made, changed and withdrawn only while the cohort is open. */
export const acceptsApplications = (status: CohortStatus): boolean => status === 'open';
