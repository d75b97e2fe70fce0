/** An application's life (§5), and who may move it. Pure, so the rule is tested alone. */
export const APPLICATION_STATUSES = ['submitted', 'accepted', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationActor = 'coordinator' | 'participant';

const MOVES: Record<ApplicationActor, Partial<Record<ApplicationStatus, ApplicationStatus[]>>> = {
  // Coordinators decide, and may revise a decision until the cohort becomes active.
  coordinator: {
    submitted: ['accepted', 'rejected', 'withdrawn'],
    accepted: ['rejected', 'withdrawn'],
    rejected: ['accepted'],
  },
  // A participant can only take their own application back.
  participant: { submitted: ['withdrawn'], accepted: ['withdrawn'] },
};

export function allowedApplicationTransitions(from: ApplicationStatus, actor: ApplicationActor): ApplicationStatus[] {
  return MOVES[actor][from] ?? [];
}

export function canTransitionApplication(
  from: ApplicationStatus,
  to: ApplicationStatus,
  actor: ApplicationActor,
): boolean {
  return allowedApplicationTransitions(from, actor).includes(to);
}
