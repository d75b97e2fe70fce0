import { dueDateRemindedOn, isDueSoonReminderDay, isOverdue, localClock, reminderDay, reminderKey } from './reminders';

const SHANGHAI = 'Asia/Shanghai'; // UTC+8 all year
const BERLIN = 'Europe/Berlin'; // UTC+1 in winter, UTC+2 in summer
const at = (iso: string) => new Date(iso);

describe('reminders: the recipient’s own day and hour', () => {
  it('puts Shanghai past midnight while Berlin is still in the evening (summer: Berlin is UTC+2)', () => {
    const now = at('2027-07-25T16:30:00Z');
    expect(localClock(SHANGHAI, now)).toEqual({ date: '2027-07-26', hour: 0, minute: 30 });
    expect(localClock(BERLIN, now)).toEqual({ date: '2027-07-25', hour: 18, minute: 30 });
  });

  it('puts Shanghai past midnight while Berlin is still in the evening (winter: Berlin is UTC+1)', () => {
    const now = at('2027-11-07T16:30:00Z');
    expect(localClock(SHANGHAI, now)).toEqual({ date: '2027-11-08', hour: 0, minute: 30 });
    expect(localClock(BERLIN, now)).toEqual({ date: '2027-11-07', hour: 17, minute: 30 });
  });

  it('turns the day in Berlin at 23:00 UTC in winter, when Shanghai is already in its morning', () => {
    expect(localClock(BERLIN, at('2027-11-07T22:59:00Z')).date).toBe('2027-11-07');
    expect(localClock(BERLIN, at('2027-11-07T23:00:00Z'))).toEqual({ date: '2027-11-08', hour: 0, minute: 0 });
    expect(localClock(SHANGHAI, at('2027-11-07T23:00:00Z'))).toEqual({ date: '2027-11-08', hour: 7, minute: 0 });
  });

  it('calls midnight hour 0, never 24', () => {
    expect(localClock(SHANGHAI, at('2027-11-07T16:00:00Z'))).toEqual({ date: '2027-11-08', hour: 0, minute: 0 });
  });

  it('follows the change of summer time from the zone data, not from a fixed offset', () => {
    // 31 October 2027: clocks in Berlin go back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
    expect(localClock(BERLIN, at('2027-10-31T00:30:00Z'))).toEqual({ date: '2027-10-31', hour: 2, minute: 30 });
    expect(localClock(BERLIN, at('2027-10-31T01:30:00Z'))).toEqual({ date: '2027-10-31', hour: 2, minute: 30 });
    expect(localClock(BERLIN, at('2027-10-31T07:00:00Z')).hour).toBe(8);
  });

  it('reckons a time zone it does not know as UTC rather than failing', () => {
    expect(localClock('Mars/Olympus_Mons', at('2027-11-07T16:30:00Z'))).toEqual({
      date: '2027-11-07',
      hour: 16,
      minute: 30,
    });
  });
});

describe('reminders: the sending hour', () => {
  it('holds reminders until 08:00 local time, then lets them go any time that day', () => {
    expect(reminderDay(SHANGHAI, at('2027-11-07T23:59:00Z'), 8)).toBeNull(); // 07:59 on the 8th
    expect(reminderDay(SHANGHAI, at('2027-11-08T00:00:00Z'), 8)).toBe('2027-11-08'); // 08:00
    expect(reminderDay(SHANGHAI, at('2027-11-08T15:59:00Z'), 8)).toBe('2027-11-08'); // 23:59
    expect(reminderDay(SHANGHAI, at('2027-11-08T16:00:00Z'), 8)).toBeNull(); // 00:00 on the 9th
  });

  it('takes the hour from configuration; 0 sends from midnight', () => {
    expect(reminderDay(BERLIN, at('2027-11-07T23:30:00Z'), 0)).toBe('2027-11-08');
    expect(reminderDay(BERLIN, at('2027-11-08T08:30:00Z'), 10)).toBeNull(); // 09:30
    expect(reminderDay(BERLIN, at('2027-11-08T09:00:00Z'), 10)).toBe('2027-11-08');
  });
});

describe('reminders: "due in N days" in the recipient’s day', () => {
  it('has each type look its own number of days ahead', () => {
    expect(dueDateRemindedOn('departure_reminder', '2027-11-08')).toBe('2027-11-15');
    expect(dueDateRemindedOn('milestone_due', '2027-12-08')).toBe('2027-12-15');
    expect(dueDateRemindedOn('report_due', '2027-12-30')).toBe('2028-01-02');
    expect(dueDateRemindedOn('checklist_due', '2028-02-26')).toBe('2028-02-29');
  });

  it('sends a departure reminder 7 days before the start on Shanghai’s day, not yet on Berlin’s', () => {
    const startsOn = '2027-11-15';
    const remind = (zone: string, iso: string) =>
      isDueSoonReminderDay('departure_reminder', startsOn, zone, at(iso), 8);
    // 16:30 UTC on the 7th: past midnight in Shanghai but before 08:00; the 7th in Berlin, 8 days ahead.
    expect(remind(SHANGHAI, '2027-11-07T16:30:00Z')).toBe(false);
    expect(remind(BERLIN, '2027-11-07T16:30:00Z')).toBe(false);
    // 00:30 UTC on the 8th: 08:30 in Shanghai, 01:30 in Berlin.
    expect(remind(SHANGHAI, '2027-11-08T00:30:00Z')).toBe(true);
    expect(remind(BERLIN, '2027-11-08T00:30:00Z')).toBe(false);
    // 07:00 UTC: 08:00 in Berlin.
    expect(remind(BERLIN, '2027-11-08T07:00:00Z')).toBe(true);
    // 23:30 UTC: the 9th has begun in Berlin; 6 days ahead is not 7.
    expect(remind(BERLIN, '2027-11-08T23:30:00Z')).toBe(false);
  });

  it('counts something overdue from the day after its date, from the sending hour', () => {
    const dueOn = '2027-11-08';
    expect(isOverdue(dueOn, BERLIN, at('2027-11-08T22:59:00Z'), 8)).toBe(false); // 23:59 on the day itself
    expect(isOverdue(dueOn, BERLIN, at('2027-11-08T23:30:00Z'), 8)).toBe(false); // 00:30 on the 9th
    expect(isOverdue(dueOn, BERLIN, at('2027-11-09T07:00:00Z'), 8)).toBe(true); // 08:00 on the 9th
    expect(isOverdue(dueOn, SHANGHAI, at('2027-11-09T00:00:00Z'), 8)).toBe(true); // 08:00 on the 9th
    expect(isOverdue(dueOn, SHANGHAI, at('2027-11-08T23:59:00Z'), 8)).toBe(false); // 07:59 on the 9th
  });
});

describe('reminders: keys', () => {
  it('makes one key per recipient, type, subject and due date', () => {
    expect(reminderKey('report_due', 'u1', 's1', '2027-12-05')).toBe('report_due:u1:s1:2027-12-05');
    expect(reminderKey('report_due', 'u1', 's1', '2027-12-05')).not.toBe(
      reminderKey('report_overdue', 'u1', 's1', '2027-12-05'),
    );
  });
});
