import {
  allowedJointProjectTransitions,
  canTransitionJointProject,
  JOINT_PROJECT_STATUSES,
  JointProjectStatus,
} from './joint-project-status';

describe('joint project status machine', () => {
  it.each<[JointProjectStatus, JointProjectStatus]>([
    ['idea', 'proposed'],
    ['proposed', 'funded'],
    ['funded', 'active'],
    ['active', 'completed'],
  ])('lets %s move forward to %s', (from, to) => {
    expect(canTransitionJointProject(from, to)).toBe(true);
  });

  it.each<JointProjectStatus>(['idea', 'proposed', 'funded', 'active'])(
    'lets a project be dropped while %s',
    (from) => {
      expect(canTransitionJointProject(from, 'dropped')).toBe(true);
    },
  );

  it('names the next step and dropping as the only moves before the end', () => {
    expect(allowedJointProjectTransitions('idea')).toEqual(['proposed', 'dropped']);
    expect(allowedJointProjectTransitions('proposed')).toEqual(['funded', 'dropped']);
    expect(allowedJointProjectTransitions('funded')).toEqual(['active', 'dropped']);
    expect(allowedJointProjectTransitions('active')).toEqual(['completed', 'dropped']);
  });

  it('ends at completed and at dropped', () => {
    expect(allowedJointProjectTransitions('completed')).toEqual([]);
    expect(allowedJointProjectTransitions('dropped')).toEqual([]);
    expect(canTransitionJointProject('completed', 'dropped')).toBe(false);
  });

  it('never goes back, skips a step or stays put', () => {
    expect(canTransitionJointProject('proposed', 'idea')).toBe(false);
    expect(canTransitionJointProject('idea', 'funded')).toBe(false);
    expect(canTransitionJointProject('active', 'funded')).toBe(false);
    for (const status of JOINT_PROJECT_STATUSES) expect(canTransitionJointProject(status, status)).toBe(false);
  });

  it('allows exactly the listed moves, for every pair of statuses', () => {
    for (const from of JOINT_PROJECT_STATUSES) {
      const allowed = allowedJointProjectTransitions(from);
      for (const to of JOINT_PROJECT_STATUSES) expect(canTransitionJointProject(from, to)).toBe(allowed.includes(to));
    }
  });
});
