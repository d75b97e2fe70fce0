/** A cohort's grant rules: data, not code (§5). Amounts are integer minor units of one currency. */
export interface Money {
  amountMinor: number;
  currency: string;
}

export interface DailyAllowanceRule {
  /** The side whose organisation hosts: living costs differ between the two. */
  hostSide: string;
  amount: Money;
  /** From this day of the placement on (1-based), the lower amount applies; absent: never lower. */
  reducedFromDay?: number | null;
  reducedAmount?: Money | null;
}

export interface TravelBand {
  /** Upper bound of the great-circle distance in km; null for the last, open-ended band. */
  upToKm: number | null;
  amount: Money;
}

export interface GrantRules {
  dailyAllowances: DailyAllowanceRule[];
  travelBands: TravelBand[];
  visa: Money;
  insurance: Money;
}

export interface ReportQuestions {
  midterm: string[];
  final: string[];
}

export interface ExchangeWindow {
  /** The side participants travel from. */
  from: string;
  to: string;
  startsOn: string;
  endsOn: string;
}

const eur = (amountMinor: number): Money => ({ amountMinor, currency: 'EUR' });

/**
 * Defaults modelled on the EU-China NGO Twinning Programme: a lower daily rate after the first month, travel
 * bands that separate neighbouring from intercontinental trips, flat visa and insurance.
 */
export const DEFAULT_GRANT_RULES: GrantRules = {
  dailyAllowances: [
    { hostSide: 'CN', amount: eur(6_000), reducedFromDay: 31, reducedAmount: eur(4_500) },
    { hostSide: 'EU', amount: eur(8_000), reducedFromDay: 31, reducedAmount: eur(6_000) },
  ],
  travelBands: [
    { upToKm: 500, amount: eur(18_000) },
    { upToKm: 3_000, amount: eur(40_000) },
    { upToKm: 8_000, amount: eur(82_000) },
    { upToKm: null, amount: eur(110_000) },
  ],
  visa: eur(12_000),
  insurance: eur(9_000),
};

export const DEFAULT_REPORT_QUESTIONS: ReportQuestions = {
  midterm: [
    'What have you worked on so far at your host organisation?',
    'What has surprised you, and what has been harder than expected?',
    'What support would help you in the second half of your placement?',
  ],
  final: [
    'What were the main activities and results of your placement?',
    'What did you learn that you will apply in your own organisation?',
    'Which joint activities or projects do you plan with your host organisation?',
    'How many people did your work during the placement reach?',
  ],
};

/** The EU-China programme's rhythm: Europeans travel in August-September, Chinese staff in October-December. */
export function defaultExchangeWindows(sides: [string, string], year: number): ExchangeWindow[] {
  return [
    { from: sides[0], to: sides[1], startsOn: `${year}-08-01`, endsOn: `${year}-09-30` },
    { from: sides[1], to: sides[0], startsOn: `${year}-10-08`, endsOn: `${year}-12-09` },
  ];
}

export const DEFAULT_SIDES: [string, string] = ['EU', 'CN'];
export const DEFAULT_MIN_PLACEMENT_DAYS = 28;
export const DEFAULT_MAX_PLACEMENT_DAYS = 56;
