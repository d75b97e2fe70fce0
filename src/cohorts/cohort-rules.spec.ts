import { cohortSettingProblems, CohortSettings } from './cohort-rules';
import { DEFAULT_GRANT_RULES, defaultExchangeWindows } from './grant-rules';

const valid = (): CohortSettings => ({
  sides: ['EU', 'CN'],
  exchangeWindows: defaultExchangeWindows(['EU', 'CN'], 2027),
  minPlacementDays: 28,
  maxPlacementDays: 56,
  grantRules: structuredClone(DEFAULT_GRANT_RULES),
});

const fields = (settings: CohortSettings) => cohortSettingProblems(settings).map((problem) => problem.field);

describe('cohort settings', () => {
  it('accepts the EU-China defaults', () => {
    expect(cohortSettingProblems(valid())).toEqual([]);
  });

  it('wants min placement days not above max', () => {
    expect(fields({ ...valid(), minPlacementDays: 60, maxPlacementDays: 30 })).toContain('maxPlacementDays');
  });

  it('wants one window per direction, each long enough for the shortest placement', () => {
    const settings = valid();
    settings.exchangeWindows[1] = { ...settings.exchangeWindows[1], from: 'EU', to: 'CN' };
    expect(fields(settings)).toEqual(['exchangeWindows']);
    const short = valid();
    short.exchangeWindows[0] = { ...short.exchangeWindows[0], startsOn: '2027-08-01', endsOn: '2027-08-20' };
    expect(fields(short)).toEqual(['exchangeWindows.0.endsOn']);
  });

  it('wants one currency, one daily rate per host side, and reduced rate with its day', () => {
    const settings = valid();
    settings.grantRules.visa = { amountMinor: 100, currency: 'CNY' };
    settings.grantRules.dailyAllowances = [settings.grantRules.dailyAllowances[0]];
    settings.grantRules.dailyAllowances[0].reducedFromDay = null;
    expect(fields(settings)).toEqual(['grantRules', 'grantRules.dailyAllowances', 'grantRules.dailyAllowances.0']);
  });

  it('wants travel bands ascending and ending open', () => {
    const settings = valid();
    settings.grantRules.travelBands = [
      { upToKm: 3000, amount: { amountMinor: 1, currency: 'EUR' } },
      { upToKm: 500, amount: { amountMinor: 1, currency: 'EUR' } },
      { upToKm: null, amount: { amountMinor: 1, currency: 'EUR' } },
    ];
    expect(fields(settings)).toEqual(['grantRules.travelBands']);
    settings.grantRules.travelBands = [{ upToKm: 500, amount: { amountMinor: 1, currency: 'EUR' } }];
    expect(fields(settings)).toEqual(['grantRules.travelBands']);
  });
});
