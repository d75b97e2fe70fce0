/**
 * A joint project's life (§5): forward one step at a time, `idea → proposed → funded → active → completed`,
 * or `dropped` from any state before completed. Pure, so the rule is tested alone.
 */
export const JOINT_PROJECT_STATUSES = ['idea', 'proposed', 'funded', 'active', 'completed', 'dropped'] as const;
export type JointProjectStatus = (typeof JOINT_PROJECT_STATUSES)[number];

/** The main line, in order; `dropped` leaves it from any point before the end. */
const PROGRESSION: readonly JointProjectStatus[] = ['idea', 'proposed', 'funded', 'active', 'completed'];

/** Completed and dropped projects are finished: no move leaves them. */
export const isFinished = (status: JointProjectStatus): boolean => status === 'completed' || status === 'dropped';

export function allowedJointProjectTransitions(from: JointProjectStatus): JointProjectStatus[] {
  if (isFinished(from)) return [];
  return [PROGRESSION[PROGRESSION.indexOf(from) + 1], 'dropped'];
}

export function canTransitionJointProject(from: JointProjectStatus, to: JointProjectStatus): boolean {
  return allowedJointProjectTransitions(from).includes(to);
}
