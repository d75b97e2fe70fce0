import { CHECKLIST_DAYS_BEFORE_START, checklistFor, ChecklistPlacement } from './checklist';

const TO_CHINA: ChecklistPlacement = { startsOn: '2025-08-01', travellerSide: 'EU', hostSide: 'CN', hostCountry: 'CN' };
const TO_EUROPE: ChecklistPlacement = {
  startsOn: '2025-10-08',
  travellerSide: 'CN',
  hostSide: 'EU',
  hostCountry: 'DE',
};

const dueOf = (placement: ChecklistPlacement) =>
  Object.fromEntries(checklistFor(placement).map((item) => [item.key, item.dueOn]));

describe('pre-departure checklist (§5)', () => {
  it('gives a placement hosted in China every item, the filing due 15 days before start', () => {
    expect(checklistFor(TO_CHINA)).toEqual([
      { key: 'invitation_letter', title: 'Invitation letter from the host', required: true, dueOn: '2025-06-17' },
      { key: 'visa', title: 'Visa', required: true, dueOn: '2025-07-11' },
      { key: 'insurance', title: 'Travel and health insurance', required: true, dueOn: '2025-07-18' },
      { key: 'travel_booked', title: 'Travel booked', required: true, dueOn: '2025-07-11' },
      { key: 'emergency_contact', title: 'Emergency contact recorded', required: true, dueOn: '2025-07-25' },
      {
        key: 'host_readiness',
        title: 'Host ready: desk, computer, contact person',
        required: true,
        dueOn: '2025-07-25',
      },
      {
        key: 'temporary_activity_filing',
        title: 'Temporary-activity filing by the Chinese partner unit',
        required: true,
        // 1 Aug − 15 days
        dueOn: '2025-07-17',
      },
    ]);
  });

  it('has no temporary-activity filing for a placement hosted in Europe', () => {
    expect(checklistFor(TO_EUROPE).map((item) => item.key)).toEqual([
      'invitation_letter',
      'visa',
      'insurance',
      'travel_booked',
      'emergency_contact',
      'host_readiness',
    ]);
  });

  it('counts due dates back across month and year boundaries', () => {
    // 8 Oct − 45 = 24 Aug (8 days of October, 30 of September, 7 of August); − 7 = 1 Oct.
    expect(dueOf(TO_EUROPE)).toEqual({
      invitation_letter: '2025-08-24',
      visa: '2025-09-17',
      insurance: '2025-09-24',
      travel_booked: '2025-09-17',
      emergency_contact: '2025-10-01',
      host_readiness: '2025-10-01',
    });
    expect(dueOf({ ...TO_CHINA, startsOn: '2026-01-05' })).toMatchObject({
      emergency_contact: '2025-12-29',
      temporary_activity_filing: '2025-12-21',
    });
  });

  it('keeps the order stable whatever the dates', () => {
    const keys = (startsOn: string) => checklistFor({ ...TO_CHINA, startsOn }).map((item) => item.key);
    expect(keys('2025-09-01')).toEqual(keys('2025-08-01'));
    expect(keys('2025-08-01')).toEqual(Object.keys(CHECKLIST_DAYS_BEFORE_START));
  });

  it('asks for a visa only when traveller and host sides differ', () => {
    const sameSide = checklistFor({ ...TO_EUROPE, travellerSide: 'EU' }).map((item) => item.key);
    expect(sameSide).not.toContain('visa');
    expect(sameSide).toHaveLength(5);
  });

  it('makes every item required', () => {
    expect(checklistFor(TO_CHINA).every((item) => item.required)).toBe(true);
  });
});
