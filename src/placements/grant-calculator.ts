import type { GrantRules, Money } from '../cohorts/grant-rules';
import { dayNumber } from '../common/time';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** IUGG mean Earth radius. */
const EARTH_RADIUS_KM = 6371.0088;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Haversine distance between two cities, unrounded: the travel bands compare the exact value. */
export function greatCircleKm(a: Coordinates, b: Coordinates): number {
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) *
      Math.cos(radians(b.latitude)) *
      Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  // Rounding can lift h a hair above 1 for antipodal points, where asin would give NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

export interface GrantInput {
  startsOn: string;
  endsOn: string;
  hostSide: string;
  home: Coordinates;
  host: Coordinates;
  rules: GrantRules;
}

export interface GrantBreakdown {
  currency: string;
  /** Inclusive days of the placement. */
  days: number;
  dailyAllowance: {
    fullRateDays: number;
    reducedRateDays: number;
    rate: Money;
    reducedRate: Money | null;
    amount: Money;
  };
  travel: {
    /** Rounded to whole km for display. */
    distanceKm: number;
    bandUpToKm: number | null;
    amount: Money;
  };
  visa: Money;
  insurance: Money;
  total: Money;
}

function checkedDay(date: string): number {
  const day = dayNumber(date);
  if (Number.isNaN(day)) throw new Error(`not a date (YYYY-MM-DD): ${date}`);
  return day;
}

/** The grant of one placement from its cohort's grant rules (§5); the breakdown is shown as it is. */
export function computeGrant(input: GrantInput): GrantBreakdown {
  const { rules } = input;
  // The cohort's settings keep all grant amounts in one currency; visa is always there to name it.
  const currency = rules.visa.currency;
  const money = (amountMinor: number): Money => ({ amountMinor, currency });
  const inCurrency = (amount: Money): Money => {
    if (amount.currency !== currency) {
      throw new Error(`grant amounts must all be in ${currency}, found ${amount.currency}`);
    }
    return money(amount.amountMinor);
  };

  const days = checkedDay(input.endsOn) - checkedDay(input.startsOn) + 1;
  if (days < 1) throw new Error(`the placement ends (${input.endsOn}) before it starts (${input.startsOn})`);

  const allowance = rules.dailyAllowances.find((rule) => rule.hostSide === input.hostSide);
  if (!allowance) throw new Error(`the grant rules have no daily allowance for host side ${input.hostSide}`);
  const rate = inCurrency(allowance.amount);
  const { reducedFromDay, reducedAmount } = allowance;
  const reducedRate = reducedFromDay != null && reducedAmount != null ? inCurrency(reducedAmount) : null;
  // Days before reducedFromDay are paid in full; without a reduced rate, every day is.
  const fullRateDays = reducedRate && reducedFromDay != null ? Math.min(days, Math.max(0, reducedFromDay - 1)) : days;
  const reducedRateDays = days - fullRateDays;
  const allowanceAmount = money(fullRateDays * rate.amountMinor + reducedRateDays * (reducedRate?.amountMinor ?? 0));

  const distance = greatCircleKm(input.home, input.host);
  const band = rules.travelBands.find((b) => b.upToKm === null || distance <= b.upToKm);
  if (!band) throw new Error(`no travel band covers ${Math.round(distance)} km`);
  const travelAmount = inCurrency(band.amount);

  const visa = inCurrency(rules.visa);
  const insurance = inCurrency(rules.insurance);
  const total = money(
    allowanceAmount.amountMinor + travelAmount.amountMinor + visa.amountMinor + insurance.amountMinor,
  );

  return {
    currency,
    days,
    dailyAllowance: { fullRateDays, reducedRateDays, rate, reducedRate, amount: allowanceAmount },
    travel: { distanceKm: Math.round(distance), bandUpToKm: band.upToKm, amount: travelAmount },
    visa,
    insurance,
    total,
  };
}
