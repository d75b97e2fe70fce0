import { insidePlacement, logsOpen } from './exchange-log-rules';

describe('exchange log rules', () => {
  const placement = { startsOn: '2027-08-02', endsOn: '2027-09-12' };

  it('takes logs while confirmed or in progress, whatever the date', () => {
    expect(logsOpen({ ...placement, status: 'confirmed' }, '2027-07-01')).toBe(true);
    expect(logsOpen({ ...placement, status: 'in_progress' }, '2027-12-31')).toBe(true);
  });

  it('takes logs for 14 days after a completed placement ends, not one day more', () => {
    expect(logsOpen({ ...placement, status: 'completed' }, '2027-09-26')).toBe(true);
    expect(logsOpen({ ...placement, status: 'completed' }, '2027-09-27')).toBe(false);
  });

  it('takes none before confirmation or after a decline or cancellation', () => {
    for (const status of ['proposed', 'accepted', 'declined', 'cancelled'] as const) {
      expect(logsOpen({ ...placement, status }, '2027-08-10')).toBe(false);
    }
  });

  it('wants the date inside the placement, both ends included', () => {
    expect(insidePlacement(placement, '2027-08-02')).toBe(true);
    expect(insidePlacement(placement, '2027-09-12')).toBe(true);
    expect(insidePlacement(placement, '2027-08-01')).toBe(false);
    expect(insidePlacement(placement, '2027-09-13')).toBe(false);
  });
});
