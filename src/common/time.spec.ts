import { addDays, dayNumber, daysInclusive, utcDate } from './time';

describe('calendar dates', () => {
  it('moves calendar dates across months, years and leap days', () => {
    expect(addDays('2027-12-29', 3)).toBe('2028-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('counts both ends of a span, and refuses what is not a date', () => {
    expect(daysInclusive('2027-08-01', '2027-08-28')).toBe(28);
    expect(daysInclusive('2027-08-01', '2027-08-01')).toBe(1);
    expect(dayNumber('soon')).toBeNaN();
  });

  it('takes the UTC date of an instant, whatever the local zone', () => {
    expect(utcDate(new Date('2027-10-25T23:30:00+08:00'))).toBe('2027-10-25');
    expect(utcDate(new Date('2027-10-25T23:30:00-02:00'))).toBe('2027-10-26');
  });
});
