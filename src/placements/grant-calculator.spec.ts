import { DEFAULT_GRANT_RULES, GrantRules, Money } from '../cohorts/grant-rules';
import { computeGrant, Coordinates, GrantInput, greatCircleKm } from './grant-calculator';

const BERLIN: Coordinates = { latitude: 52.52, longitude: 13.405 };
const CHENGDU: Coordinates = { latitude: 30.5728, longitude: 104.0668 };
const EQUATOR: Coordinates = { latitude: 0, longitude: 0 };
const ONE_DEGREE_NORTH: Coordinates = { latitude: 1, longitude: 0 };

const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

/** A Berlin NGO's staff member hosted in Chengdu for 56 days, 1 Aug-25 Sep, on the default rules. */
const berlinToChengdu = (overrides: Partial<GrantInput> = {}): GrantInput => ({
  startsOn: '2025-08-01',
  endsOn: '2025-09-25',
  hostSide: 'CN',
  home: BERLIN,
  host: CHENGDU,
  rules: DEFAULT_GRANT_RULES,
  ...overrides,
});

describe('great-circle distance', () => {
  it('matches a hand calculation for Berlin → Chengdu', () => {
    // Δφ = 30.5728 − 52.52 = −21.9472°, Δλ = 104.0668 − 13.405 = 90.6618°
    // sin²(Δφ/2) = sin²(−10.9736°) = 0.036236
    // cos φ1 · cos φ2 = cos 52.52° · cos 30.5728° = 0.608484 · 0.860984 = 0.523895
    // sin²(Δλ/2) = sin²(45.3309°) = 0.505775
    // h = 0.036236 + 0.523895 · 0.505775 = 0.036236 + 0.264973 = 0.301209
    // d = 2 · 6371.0088 · asin(√0.301209) = 2 · 6371.0088 · asin(0.548825) = 2 · 6371.0088 · 0.580958 = 7402.58 km
    const km = greatCircleKm(BERLIN, CHENGDU);
    expect(Math.abs(km - 7402.58)).toBeLessThan(5);
    expect(greatCircleKm(CHENGDU, BERLIN)).toBeCloseTo(km, 9);
  });

  it('gives one degree along a meridian as R · π / 180 = 111.19508 km, unrounded', () => {
    expect(greatCircleKm(EQUATOR, ONE_DEGREE_NORTH)).toBeCloseTo(111.19508, 5);
  });

  it('is zero for the same place and half the circumference for antipodes', () => {
    expect(greatCircleKm(BERLIN, BERLIN)).toBe(0);
    expect(greatCircleKm(EQUATOR, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
});

describe('computeGrant (§5)', () => {
  it('pays 30 full and 26 reduced days, the 8,000 km band, visa and insurance for 56 days in China', () => {
    expect(computeGrant(berlinToChengdu())).toEqual({
      currency: 'EUR',
      days: 56,
      // 30 × 6,000 + 26 × 4,500 = 180,000 + 117,000
      dailyAllowance: {
        fullRateDays: 30,
        reducedRateDays: 26,
        rate: eur(6_000),
        reducedRate: eur(4_500),
        amount: eur(297_000),
      },
      travel: { distanceKm: 7403, bandUpToKm: 8_000, amount: eur(82_000) },
      visa: eur(12_000),
      insurance: eur(9_000),
      // 297,000 + 82,000 + 12,000 + 9,000
      total: eur(400_000),
    });
  });

  it('has no reduced days in a 30-day placement, and one on day 31', () => {
    const thirty = computeGrant(berlinToChengdu({ endsOn: '2025-08-30' })).dailyAllowance;
    expect(thirty).toMatchObject({ fullRateDays: 30, reducedRateDays: 0, amount: eur(180_000) });
    const thirtyOne = computeGrant(berlinToChengdu({ endsOn: '2025-08-31' })).dailyAllowance;
    expect(thirtyOne).toMatchObject({ fullRateDays: 30, reducedRateDays: 1, amount: eur(184_500) });
  });

  it('pays the EU rate to a placement hosted in Europe', () => {
    // Chengdu → Berlin, 8 Oct-9 Dec = 63 days: 30 × 8,000 + 33 × 6,000 = 240,000 + 198,000.
    const grant = computeGrant(
      berlinToChengdu({ startsOn: '2025-10-08', endsOn: '2025-12-09', hostSide: 'EU', home: CHENGDU, host: BERLIN }),
    );
    expect(grant.days).toBe(63);
    expect(grant.dailyAllowance.amount).toEqual(eur(438_000));
  });

  it('pays every day at the full rate when the rule has no reduced rate', () => {
    const rules: GrantRules = { ...DEFAULT_GRANT_RULES, dailyAllowances: [{ hostSide: 'CN', amount: eur(7_000) }] };
    expect(computeGrant(berlinToChengdu({ rules })).dailyAllowance).toEqual({
      fullRateDays: 56,
      reducedRateDays: 0,
      rate: eur(7_000),
      reducedRate: null,
      amount: eur(392_000),
    });
  });

  it('names the host side when the rules have no daily allowance for it', () => {
    expect(() => computeGrant(berlinToChengdu({ hostSide: 'US' }))).toThrow(/host side US/);
  });

  it('puts a distance exactly at a band bound into that band, comparing unrounded', () => {
    // Equator → 1° north: 6371.0088 · π / 180 = 111.19508 km (see above).
    const oneDegree = greatCircleKm(EQUATOR, ONE_DEGREE_NORTH);
    const withBands = (firstUpToKm: number): GrantRules => ({
      ...DEFAULT_GRANT_RULES,
      travelBands: [
        { upToKm: firstUpToKm, amount: eur(10_000) },
        { upToKm: null, amount: eur(20_000) },
      ],
    });
    const travel = (rules: GrantRules) =>
      computeGrant(berlinToChengdu({ home: EQUATOR, host: ONE_DEGREE_NORTH, rules })).travel;

    expect(travel(withBands(oneDegree))).toEqual({ distanceKm: 111, bandUpToKm: oneDegree, amount: eur(10_000) });
    // Reported as 111 km, but 111.195 km is beyond a 111 km band.
    expect(travel(withBands(111))).toEqual({ distanceKm: 111, bandUpToKm: null, amount: eur(20_000) });
    expect(travel(withBands(112))).toEqual({ distanceKm: 111, bandUpToKm: 112, amount: eur(10_000) });
  });

  it('uses the open-ended band beyond the last bound', () => {
    const rules: GrantRules = {
      ...DEFAULT_GRANT_RULES,
      travelBands: [
        { upToKm: 500, amount: eur(18_000) },
        { upToKm: null, amount: eur(50_000) },
      ],
    };
    expect(computeGrant(berlinToChengdu({ rules })).travel).toEqual({
      distanceKm: 7403,
      bandUpToKm: null,
      amount: eur(50_000),
    });
  });

  it('totals the sum of its parts', () => {
    for (const endsOn of ['2025-08-28', '2025-09-10', '2025-09-25']) {
      const grant = computeGrant(berlinToChengdu({ endsOn }));
      const parts = [grant.dailyAllowance.amount, grant.travel.amount, grant.visa, grant.insurance];
      expect(grant.total).toEqual(eur(parts.reduce((sum, part) => sum + part.amountMinor, 0)));
    }
  });

  it('recomputes when the dates change', () => {
    // Five days shorter: 51 days, 30 × 6,000 + 21 × 4,500 = 274,500, so 5 × 4,500 = 22,500 less.
    const before = computeGrant(berlinToChengdu());
    const after = computeGrant(berlinToChengdu({ endsOn: '2025-09-20' }));
    expect(after.days).toBe(51);
    expect(after.dailyAllowance.amount).toEqual(eur(274_500));
    expect(before.total.amountMinor - after.total.amountMinor).toBe(22_500);
  });

  it('refuses an end before the start, and amounts in a second currency', () => {
    expect(() => computeGrant(berlinToChengdu({ endsOn: '2025-07-31' }))).toThrow(/before it starts/);
    const rules: GrantRules = { ...DEFAULT_GRANT_RULES, insurance: { amountMinor: 9_000, currency: 'CNY' } };
    expect(() => computeGrant(berlinToChengdu({ rules }))).toThrow(/EUR, found CNY/);
  });
});
