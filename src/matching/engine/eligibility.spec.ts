import {
  hasCapacity,
  isAccepted,
  isAvailableLongEnough,
  isEligible,
  isNamedPartner,
  isNotOwnOrganisation,
  isOnOtherSide,
  overlapDays,
  sharesWorkingLanguage,
  suggestedDates,
} from './eligibility';
import { host, participant, RULES } from './fixtures';

describe('eligibility rules (§6)', () => {
  it('wants an accepted application', () => {
    expect(isAccepted(participant({ id: 'p' }))).toBe(true);
    for (const status of ['submitted', 'rejected', 'withdrawn'] as const) {
      expect(isAccepted(participant({ id: 'p', status }))).toBe(false);
    }
  });

  it('wants the host on the other side of the cohort', () => {
    expect(isOnOtherSide(participant({ id: 'p', side: 'EU' }), host({ id: 'h', side: 'CN' }), RULES)).toBe(true);
    expect(isOnOtherSide(participant({ id: 'p', side: 'EU' }), host({ id: 'h', side: 'EU' }), RULES)).toBe(false);
    // A side outside the cohort is never the other side.
    expect(isOnOtherSide(participant({ id: 'p', side: 'EU' }), host({ id: 'h', side: 'US' }), RULES)).toBe(false);
    expect(isOnOtherSide(participant({ id: 'p', side: 'US' }), host({ id: 'h', side: 'CN' }), RULES)).toBe(false);
  });

  it("refuses the participant's own organisation", () => {
    expect(isNotOwnOrganisation(participant({ id: 'p', organisationId: 'o1' }), host({ id: 'o1' }))).toBe(false);
    expect(isNotOwnOrganisation(participant({ id: 'p', organisationId: 'o1' }), host({ id: 'o2' }))).toBe(true);
  });

  it('sends a joint application to its named partner only', () => {
    const joint = participant({ id: 'p', kind: 'joint', partnerOrganisationId: 'partner' });
    expect(isNamedPartner(joint, host({ id: 'partner' }))).toBe(true);
    expect(isNamedPartner(joint, host({ id: 'other' }))).toBe(false);
    expect(isNamedPartner(participant({ id: 'p' }), host({ id: 'any' }))).toBe(true);
  });

  it('wants capacity left', () => {
    expect(hasCapacity(host({ id: 'h', capacity: 1 }))).toBe(true);
    expect(hasCapacity(host({ id: 'h', capacity: 0 }))).toBe(false);
  });

  it('wants one shared language at working level or better', () => {
    const speaks = (level: 'basic' | 'working' | 'fluent' | 'native') =>
      participant({ id: 'p', languages: [{ code: 'zh', level }] });
    const chineseHost = host({ id: 'h', languages: ['zh'] });
    expect(sharesWorkingLanguage(speaks('basic'), chineseHost)).toBe(false);
    for (const level of ['working', 'fluent', 'native'] as const) {
      expect(sharesWorkingLanguage(speaks(level), chineseHost)).toBe(true);
    }
    expect(sharesWorkingLanguage(speaks('native'), host({ id: 'h', languages: ['en'] }))).toBe(false);
  });

  it("wants the availability to overlap the direction's window by at least the minimum days", () => {
    // EU→CN window 1 Aug-30 Sep; 28 days from 3 Sep to 30 Sep inclusive.
    const justEnough = participant({ id: 'p', availableFrom: '2027-09-03', availableTo: '2027-12-31' });
    expect(overlapDays(justEnough, RULES)).toBe(28);
    expect(isAvailableLongEnough(justEnough, RULES)).toBe(true);
    const oneShort = participant({ id: 'p', availableFrom: '2027-09-04', availableTo: '2027-12-31' });
    expect(isAvailableLongEnough(oneShort, RULES)).toBe(false);
    // A Chinese participant is measured against the CN→EU window, not the EU→CN one.
    const chinese = participant({ id: 'p', side: 'CN', availableFrom: '2027-08-01', availableTo: '2027-09-30' });
    expect(overlapDays(chinese, RULES)).toBe(0);
  });

  it('suggests dates inside both windows, as early as possible and at most the maximum length', () => {
    const early = participant({ id: 'p', availableFrom: '2027-07-01', availableTo: '2027-12-31' });
    expect(suggestedDates(early, RULES)).toEqual({ startsOn: '2027-08-01', endsOn: '2027-09-25' });
    const late = participant({ id: 'p', availableFrom: '2027-09-01', availableTo: '2027-09-29' });
    expect(suggestedDates(late, RULES)).toEqual({ startsOn: '2027-09-01', endsOn: '2027-09-29' });
  });

  it('combines every rule', () => {
    expect(isEligible(participant({ id: 'p' }), host({ id: 'h' }), RULES)).toBe(true);
    expect(isEligible(participant({ id: 'p' }), host({ id: 'h', capacity: 0 }), RULES)).toBe(false);
    expect(isEligible(participant({ id: 'p', status: 'submitted' }), host({ id: 'h' }), RULES)).toBe(false);
  });
});
