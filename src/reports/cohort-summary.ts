import { APPLICATION_STATUSES, ApplicationStatus } from '../applications/application-status';
import type { Money } from '../cohorts/grant-rules';
import { ACTIVITY_TYPES, ActivityType, Gender, GENDERS, THEMATIC_AREAS, ThematicArea } from '../common/vocabulary';
import { JOINT_PROJECT_STATUSES, JointProjectStatus } from '../joint-projects/joint-project-status';
import { REPORT_KINDS, ReportKind } from '../participant-reports/report-status';
import { PLACEMENT_STATUSES, PlacementStatus } from '../placements/placement-status';
import { TWINNING_PAIR_ORIGINS, TwinningPairOrigin } from '../twinning-pairs/twinning-pair-origin';

/** The grouped counts `COHORT_SUMMARY_SQL` returns, one array per column. */
export interface SummaryRows {
  applications: { status: ApplicationStatus; count: number }[];
  placements: {
    from: string;
    to: string;
    status: PlacementStatus;
    currency: string | null;
    count: number;
    days: number;
    dailyAllowance: number;
    travel: number;
    visa: number;
    insurance: number;
    total: number;
  }[];
  participants: { gender: Gender; side: string; count: number }[];
  hours: { activityType: ActivityType; hours: number; entries: number }[];
  reports: { kind: ReportKind; status: string; count: number; onTime: number; overdue: number }[];
  jointProjects: {
    status: JointProjectStatus;
    currency: string | null;
    count: number;
    budget: number;
    peopleReached: number;
  }[];
  themes: { area: ThematicArea; participants: number; jointProjects: number }[];
  pairsFormed: { origin: TwinningPairOrigin; count: number }[];
  pairsCompleted: { from: string; to: string; count: number }[];
  pairsCompletedBothWays: number;
}

export interface SummaryCohort {
  id: string;
  name: string;
  status: string;
  sides: string[];
  /** The currency of the cohort's grant rules: the grant totals show it even before any grant exists. */
  grantCurrency: string;
}

/** A count of people; in a funder's view a group of one or two people shows as `<3` (§8). */
export type PeopleCount = number | '<3';

interface Direction {
  from: string;
  to: string;
}

interface ReportCounts {
  total: number;
  submitted: number;
  submittedOnTime: number;
  overdue: number;
}

export interface CohortSummary {
  cohort: Omit<SummaryCohort, 'grantCurrency'>;
  applications: { total: number; byStatus: Record<ApplicationStatus, number> };
  placements: {
    total: number;
    byStatus: Record<PlacementStatus, number>;
    byDirection: (Direction & { total: number; byStatus: Record<PlacementStatus, number> })[];
  };
  participants: { total: number; byGender: Record<Gender, PeopleCount>; bySide: Record<string, number> };
  placementDays: { total: number; average: number | null; byDirection: (Direction & { days: number })[] };
  loggedHours: { total: number; entries: number; byActivityType: Record<ActivityType, number> };
  participantReports: ReportCounts & { byKind: Record<ReportKind, ReportCounts> };
  jointProjects: {
    total: number;
    peopleReached: number;
    budgets: Money[];
    byStatus: Record<JointProjectStatus, { count: number; budgets: Money[]; peopleReached: number }>;
  };
  thematicSpread: { area: ThematicArea; participants: number; jointProjects: number }[];
  grants: {
    totals: Money[];
    byDirection: (Direction & {
      currency: string;
      dailyAllowance: Money;
      travel: Money;
      visa: Money;
      insurance: Money;
      total: Money;
    })[];
  };
  twinningPairs: {
    formed: number;
    byOrigin: Record<TwinningPairOrigin, number>;
    completedByDirection: (Direction & { pairs: number })[];
    completedBothDirections: number;
  };
}

const LIVE: ReadonlySet<PlacementStatus> = new Set(['proposed', 'accepted', 'confirmed', 'in_progress', 'completed']);
const SUBMITTED_REPORT_STATUSES: ReadonlySet<string> = new Set(['submitted', 'accepted', 'returned']);

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const sameDirection = (a: Direction) => (b: Direction) => a.from === b.from && a.to === b.to;
/** JSON numbers from PostgreSQL's numeric sums: hours keep their halves, money stays whole minor units. */
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Money per currency, in a stable order, leaving out currencies with nothing. */
function moneyByCurrency(entries: { currency: string | null; amountMinor: number }[]): Money[] {
  const totals = new Map<string, number>();
  for (const { currency, amountMinor } of entries) {
    if (currency) totals.set(currency, (totals.get(currency) ?? 0) + Number(amountMinor));
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

/** Gender groups of one or two people are hidden from funders, so no one is singled out (§8). */
export function suppressSmallGroups<K extends string>(counts: Record<K, number>): Record<K, PeopleCount> {
  return Object.fromEntries(
    Object.entries<number>(counts).map(([key, count]) => [key, count > 0 && count < 3 ? '<3' : count]),
  ) as Record<K, PeopleCount>;
}

/**
 * Turns the database's grouped counts into the summary §8 lists. Pure: the counting is the database's; this
 * names the groups, fills in zeros, and decides what "live", "submitted" and "both directions" mean.
 * Placement days, participants and grants count live placements (not declined or cancelled).
 */
export function shapeCohortSummary(
  cohort: SummaryCohort,
  rows: SummaryRows,
  audience: 'coordinator' | 'funder',
): CohortSummary {
  const [first, second] = cohort.sides;
  const directions: Direction[] = [
    { from: first, to: second },
    { from: second, to: first },
  ];
  for (const row of [...rows.placements, ...rows.pairsCompleted]) {
    if (!directions.some(sameDirection(row))) directions.push({ from: row.from, to: row.to });
  }

  const applicationsByStatus = zeros(APPLICATION_STATUSES);
  for (const row of rows.applications) applicationsByStatus[row.status] += row.count;

  const placementsByStatus = zeros(PLACEMENT_STATUSES);
  for (const row of rows.placements) placementsByStatus[row.status] += row.count;
  const livePlacements = rows.placements.filter((row) => LIVE.has(row.status));

  const byGender = zeros(GENDERS);
  const bySide: Record<string, number> = Object.fromEntries(cohort.sides.map((side) => [side, 0]));
  for (const row of rows.participants) {
    byGender[row.gender] += row.count;
    bySide[row.side] = (bySide[row.side] ?? 0) + row.count;
  }
  const participants = sum(rows.participants.map((row) => row.count));

  const byActivityType = zeros(ACTIVITY_TYPES);
  for (const row of rows.hours) byActivityType[row.activityType] = round2(Number(row.hours));

  const reportCounts = (kind?: ReportKind): ReportCounts => {
    const of = rows.reports.filter((row) => kind === undefined || row.kind === kind);
    const submitted = of.filter((row) => SUBMITTED_REPORT_STATUSES.has(row.status));
    return {
      total: sum(of.map((row) => row.count)),
      submitted: sum(submitted.map((row) => row.count)),
      submittedOnTime: sum(submitted.map((row) => row.onTime)),
      overdue: sum(of.map((row) => row.overdue)),
    };
  };

  const projectsOf = (status?: JointProjectStatus) =>
    rows.jointProjects.filter((row) => status === undefined || row.status === status);
  const projectFigures = (of: SummaryRows['jointProjects']) => ({
    count: sum(of.map((row) => row.count)),
    budgets: moneyByCurrency(of.map((row) => ({ currency: row.currency, amountMinor: row.budget }))),
    peopleReached: sum(of.map((row) => row.peopleReached)),
  });
  const allProjects = projectFigures(projectsOf());

  const themes = new Map(rows.themes.map((row) => [row.area, row]));

  const grantCurrencies = [
    cohort.grantCurrency,
    ...new Set(livePlacements.map((row) => row.currency).filter((currency): currency is string => !!currency)),
  ].filter((currency, index, all) => all.indexOf(currency) === index);
  const grantsByDirection = directions.flatMap((direction) =>
    grantCurrencies.flatMap((currency) => {
      const of = livePlacements.filter((row) => sameDirection(direction)(row) && row.currency === currency);
      if (!of.length && currency !== cohort.grantCurrency) return [];
      const money = (pick: (row: (typeof of)[number]) => number) => ({
        currency,
        amountMinor: sum(of.map((row) => Number(pick(row)))),
      });
      return [
        {
          ...direction,
          currency,
          dailyAllowance: money((row) => row.dailyAllowance),
          travel: money((row) => row.travel),
          visa: money((row) => row.visa),
          insurance: money((row) => row.insurance),
          total: money((row) => row.total),
        },
      ];
    }),
  );

  const byOrigin = zeros(TWINNING_PAIR_ORIGINS);
  for (const row of rows.pairsFormed) byOrigin[row.origin] += row.count;

  const placementDays = sum(livePlacements.map((row) => row.days));
  const livePlacementCount = sum(livePlacements.map((row) => row.count));

  return {
    cohort: { id: cohort.id, name: cohort.name, status: cohort.status, sides: cohort.sides },
    applications: { total: sum(Object.values(applicationsByStatus)), byStatus: applicationsByStatus },
    placements: {
      total: sum(Object.values(placementsByStatus)),
      byStatus: placementsByStatus,
      byDirection: directions.map((direction) => {
        const byStatus = zeros(PLACEMENT_STATUSES);
        for (const row of rows.placements.filter(sameDirection(direction))) byStatus[row.status] += row.count;
        return { ...direction, total: sum(Object.values(byStatus)), byStatus };
      }),
    },
    participants: {
      total: participants,
      byGender: audience === 'funder' ? suppressSmallGroups(byGender) : byGender,
      bySide,
    },
    placementDays: {
      total: placementDays,
      average: livePlacementCount ? Math.round((placementDays / livePlacementCount) * 10) / 10 : null,
      byDirection: directions.map((direction) => ({
        ...direction,
        days: sum(livePlacements.filter(sameDirection(direction)).map((row) => row.days)),
      })),
    },
    loggedHours: {
      total: round2(sum(Object.values(byActivityType))),
      entries: sum(rows.hours.map((row) => row.entries)),
      byActivityType,
    },
    participantReports: {
      ...reportCounts(),
      byKind: Object.fromEntries(REPORT_KINDS.map((kind) => [kind, reportCounts(kind)])) as Record<
        ReportKind,
        ReportCounts
      >,
    },
    jointProjects: {
      total: allProjects.count,
      peopleReached: allProjects.peopleReached,
      budgets: allProjects.budgets,
      byStatus: Object.fromEntries(
        JOINT_PROJECT_STATUSES.map((status) => [status, projectFigures(projectsOf(status))]),
      ) as CohortSummary['jointProjects']['byStatus'],
    },
    thematicSpread: THEMATIC_AREAS.map((area) => ({
      area,
      participants: themes.get(area)?.participants ?? 0,
      jointProjects: themes.get(area)?.jointProjects ?? 0,
    })),
    grants: {
      totals: moneyByCurrency(livePlacements.map((row) => ({ currency: row.currency, amountMinor: row.total }))),
      byDirection: grantsByDirection,
    },
    twinningPairs: {
      formed: sum(Object.values(byOrigin)),
      byOrigin,
      completedByDirection: directions.map((direction) => ({
        ...direction,
        pairs: rows.pairsCompleted.find(sameDirection(direction))?.count ?? 0,
      })),
      completedBothDirections: rows.pairsCompletedBothWays,
    },
  };
}
