import { allowedReportTransitions, reportDueDates } from './report-status';

describe('participant report rules', () => {
  it('lets the participant submit a due or returned report, and the coordinator accept or return it', () => {
    expect(allowedReportTransitions('due', 'participant')).toEqual(['submitted']);
    expect(allowedReportTransitions('returned', 'participant')).toEqual(['submitted']);
    expect(allowedReportTransitions('submitted', 'coordinator')).toEqual(['accepted', 'returned']);
  });

  it('refuses everything else', () => {
    expect(allowedReportTransitions('submitted', 'participant')).toEqual([]);
    expect(allowedReportTransitions('accepted', 'participant')).toEqual([]);
    expect(allowedReportTransitions('due', 'coordinator')).toEqual([]);
    expect(allowedReportTransitions('accepted', 'coordinator')).toEqual([]);
  });

  it('puts the midterm at the midpoint and the final 14 days after the end', () => {
    // 2 Aug - 12 Sep: 41 days after the start is the end; the midpoint is 20 days in.
    expect(reportDueDates({ startsOn: '2027-08-02', endsOn: '2027-09-12' })).toEqual({
      midterm: '2027-08-22',
      final: '2027-09-26',
    });
    expect(reportDueDates({ startsOn: '2027-12-01', endsOn: '2027-12-28' })).toEqual({
      midterm: '2027-12-14',
      final: '2028-01-11',
    });
  });
});
