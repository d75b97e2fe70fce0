import { allowedApplicationTransitions, canTransitionApplication } from './application-status';

describe('application status machine', () => {
  it('lets coordinators accept or reject a submitted application and revise the decision', () => {
    expect(canTransitionApplication('submitted', 'accepted', 'coordinator')).toBe(true);
    expect(canTransitionApplication('submitted', 'rejected', 'coordinator')).toBe(true);
    expect(canTransitionApplication('accepted', 'rejected', 'coordinator')).toBe(true);
    expect(canTransitionApplication('rejected', 'accepted', 'coordinator')).toBe(true);
  });

  it('lets a participant only withdraw, and only before a rejection', () => {
    expect(allowedApplicationTransitions('submitted', 'participant')).toEqual(['withdrawn']);
    expect(allowedApplicationTransitions('accepted', 'participant')).toEqual(['withdrawn']);
    expect(allowedApplicationTransitions('rejected', 'participant')).toEqual([]);
    expect(canTransitionApplication('submitted', 'accepted', 'participant')).toBe(false);
  });

  it('ends at withdrawn for everyone', () => {
    expect(allowedApplicationTransitions('withdrawn', 'coordinator')).toEqual([]);
    expect(allowedApplicationTransitions('withdrawn', 'participant')).toEqual([]);
  });

  it('never moves to the same status', () => {
    for (const actor of ['coordinator', 'participant'] as const) {
      for (const status of ['submitted', 'accepted', 'rejected', 'withdrawn'] as const) {
        expect(canTransitionApplication(status, status, actor)).toBe(false);
      }
    }
  });
});
