import { shapeCohortSummary, SummaryRows, suppressSmallGroups } from './cohort-summary';
import { exportColumnsFor, exportFileName } from './placement-export';

const cohort = { id: 'c', name: 'Cohort', status: 'draft', sides: ['EU', 'CN'], grantCurrency: 'EUR' };
const empty: SummaryRows = {
  applications: [],
  placements: [],
  participants: [],
  hours: [],
  reports: [],
  jointProjects: [],
  themes: [],
  pairsFormed: [],
  pairsCompleted: [],
  pairsCompletedBothWays: 0,
};

describe('shapeCohortSummary', () => {
  it('gives an empty cohort zeros in every group, both directions, and a zero grant in its currency', () => {
    const summary = shapeCohortSummary(cohort, empty, 'coordinator');
    expect(summary.applications).toEqual({
      total: 0,
      byStatus: { submitted: 0, accepted: 0, rejected: 0, withdrawn: 0 },
    });
    expect(summary.placementDays).toEqual({
      total: 0,
      average: null,
      byDirection: [
        { from: 'EU', to: 'CN', days: 0 },
        { from: 'CN', to: 'EU', days: 0 },
      ],
    });
    expect(summary.participants.bySide).toEqual({ EU: 0, CN: 0 });
    expect(summary.grants.totals).toEqual([]);
    expect(summary.grants.byDirection.map((row) => [row.from, row.to, row.total])).toEqual([
      ['EU', 'CN', { amountMinor: 0, currency: 'EUR' }],
      ['CN', 'EU', { amountMinor: 0, currency: 'EUR' }],
    ]);
    expect(summary.thematicSpread.every((row) => row.participants === 0 && row.jointProjects === 0)).toBe(true);
  });

  it('keeps grants in another currency apart rather than adding them up', () => {
    const placement = { from: 'EU', to: 'CN', status: 'confirmed' as const, count: 1, days: 30 };
    const money = { dailyAllowance: 100, travel: 10, visa: 1, insurance: 1, total: 112 };
    const summary = shapeCohortSummary(
      cohort,
      {
        ...empty,
        placements: [
          { ...placement, ...money, currency: 'EUR' },
          { ...placement, ...money, currency: 'CNY' },
        ],
      },
      'coordinator',
    );
    expect(summary.grants.totals).toEqual([
      { amountMinor: 112, currency: 'CNY' },
      { amountMinor: 112, currency: 'EUR' },
    ]);
    expect(summary.grants.byDirection.map((row) => [row.from, row.currency, row.total.amountMinor])).toEqual([
      ['EU', 'EUR', 112],
      ['EU', 'CNY', 112],
      ['CN', 'EUR', 0],
    ]);
  });
});

describe('suppressSmallGroups', () => {
  it('hides groups of one or two people, and shows empty and larger groups as they are', () => {
    expect(suppressSmallGroups({ a: 0, b: 1, c: 2, d: 3, e: 40 })).toEqual({ a: 0, b: '<3', c: '<3', d: 3, e: 40 });
  });
});

describe('placements export', () => {
  it('leaves e-mail and mentor out of a funder’s columns', () => {
    const keys = exportColumnsFor('funder').map((column) => column.key);
    expect(keys).not.toContain('participantEmail');
    expect(keys).not.toContain('mentorName');
    expect(exportColumnsFor('coordinator').length - keys.length).toBe(2);
  });

  it('names the file after the cohort in ASCII, whatever the cohort is called', () => {
    expect(exportFileName('EU–China Twinning 2027', '2027-12-01', 'csv')).toBe(
      'eu-china-twinning-2027-placements-2027-12-01.csv',
    );
    expect(exportFileName('中欧结对 2027', '2027-12-01', 'xlsx')).toBe('2027-placements-2027-12-01.xlsx');
    expect(exportFileName('Société Générale Été', '2027-12-01', 'csv')).toBe(
      'societe-generale-ete-placements-2027-12-01.csv',
    );
    expect(exportFileName('交流', '2027-12-01', 'xlsx')).toBe('cohort-placements-2027-12-01.xlsx');
  });
});
