import type { ExchangeWindow, GrantRules, Money } from './grant-rules';
import { daysInclusive } from '../common/time';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface CohortSettings {
  sides: string[];
  exchangeWindows: ExchangeWindow[];
  minPlacementDays: number;
  maxPlacementDays: number;
  grantRules: GrantRules;
}

/**
 * Rules that tie a cohort's settings together, beyond what each field says alone. Pure: the service turns the
 * list into a 400 naming each field.
 */
export function cohortSettingProblems(cohort: CohortSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const [a, b] = cohort.sides;
  if (cohort.minPlacementDays > cohort.maxPlacementDays) {
    problems.push({ field: 'maxPlacementDays', message: 'maxPlacementDays must not be below minPlacementDays' });
  }

  const directions = cohort.exchangeWindows.map((window) => `${window.from}>${window.to}`).sort();
  if (directions.join() !== [`${a}>${b}`, `${b}>${a}`].sort().join()) {
    problems.push({
      field: 'exchangeWindows',
      message: `exchangeWindows must hold one window for ${a}→${b} and one for ${b}→${a}`,
    });
  }
  cohort.exchangeWindows.forEach((window, index) => {
    if (daysInclusive(window.startsOn, window.endsOn) < cohort.minPlacementDays) {
      problems.push({
        field: `exchangeWindows.${index}.endsOn`,
        message: `the window must be at least minPlacementDays (${cohort.minPlacementDays}) long`,
      });
    }
  });

  const rules = cohort.grantRules;
  const amounts: Money[] = [
    rules.visa,
    rules.insurance,
    ...rules.travelBands.map((band) => band.amount),
    ...rules.dailyAllowances.flatMap((rule) => [rule.amount, ...(rule.reducedAmount ? [rule.reducedAmount] : [])]),
  ];
  if (new Set(amounts.map((money) => money.currency)).size > 1) {
    problems.push({ field: 'grantRules', message: 'all grant amounts must be in one currency' });
  }
  for (const side of cohort.sides) {
    if (rules.dailyAllowances.filter((rule) => rule.hostSide === side).length !== 1) {
      problems.push({
        field: 'grantRules.dailyAllowances',
        message: `there must be exactly one daily allowance for host side ${side}`,
      });
    }
  }
  rules.dailyAllowances.forEach((rule, index) => {
    if ((rule.reducedFromDay == null) !== (rule.reducedAmount == null)) {
      problems.push({
        field: `grantRules.dailyAllowances.${index}`,
        message: 'reducedFromDay and reducedAmount go together',
      });
    }
  });
  const bounds = rules.travelBands.map((band) => band.upToKm);
  const ascending = bounds.slice(0, -1).every((bound, i) => bound !== null && (i === 0 || bound > bounds[i - 1]!));
  if (!ascending || bounds[bounds.length - 1] !== null) {
    problems.push({
      field: 'grantRules.travelBands',
      message: 'travel bands must ascend by upToKm and end with one open-ended band (upToKm null)',
    });
  }
  return problems;
}
