import { datesShuttingOutMilestones, dueDateProblems, partnerProblems, todayIn } from './joint-project-rules';

describe('joint project rules', () => {
  const eu = { id: 'eu', region: 'EU' };
  const eu2 = { id: 'eu2', region: 'EU' };
  const cn = { id: 'cn', region: 'CN' };

  it('accepts partners from both sides of the cohort', () => {
    expect(partnerProblems([eu, cn], ['EU', 'CN'])).toEqual([]);
    expect(partnerProblems([eu, eu2, cn], ['EU', 'CN'])).toEqual([]);
  });

  it('names the side without a partner', () => {
    expect(partnerProblems([eu, eu2], ['EU', 'CN'])).toEqual([
      { field: 'partnerOrganisationIds', message: 'needs at least one partner from CN' },
    ]);
  });

  it('refuses a partner from neither side', () => {
    const problems = partnerProblems([eu, cn, { id: 'us', region: 'US' }], ['EU', 'CN']);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('us is from US');
  });

  it('keeps milestones inside whichever project dates are set', () => {
    expect(dueDateProblems('2028-03-01', { startsOn: '2028-01-01', endsOn: '2028-12-31' })).toEqual([]);
    expect(dueDateProblems('2028-01-01', { startsOn: '2028-01-01', endsOn: '2028-01-01' })).toEqual([]);
    expect(dueDateProblems('2027-12-31', { startsOn: '2028-01-01', endsOn: null })).toHaveLength(1);
    expect(dueDateProblems('2029-01-01', { startsOn: null, endsOn: '2028-12-31' })).toHaveLength(1);
    expect(dueDateProblems('1999-01-01', { startsOn: null, endsOn: null })).toEqual([]);
  });

  it('names the project date that would shut a milestone out', () => {
    const milestones = [
      { title: 'early', dueOn: '2028-01-10' },
      { title: 'late', dueOn: '2028-11-10' },
    ];
    expect(datesShuttingOutMilestones({ startsOn: '2028-01-01', endsOn: '2028-12-31' }, milestones)).toEqual([]);
    expect(
      datesShuttingOutMilestones({ startsOn: '2028-02-01', endsOn: '2028-10-31' }, milestones).map((p) => p.field),
    ).toEqual(['startsOn', 'endsOn']);
  });

  it("reckons today in the caller's own time zone", () => {
    const now = new Date('2028-03-01T20:00:00Z');
    expect(todayIn('UTC', now)).toBe('2028-03-01');
    expect(todayIn('Asia/Shanghai', now)).toBe('2028-03-02');
    expect(todayIn('America/Los_Angeles', new Date('2028-03-01T05:00:00Z'))).toBe('2028-02-29');
    expect(todayIn('Not/AZone', now)).toBe('2028-03-01');
  });
});
