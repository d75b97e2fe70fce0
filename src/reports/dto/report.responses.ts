import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { APPLICATION_STATUSES } from '../../applications/application-status';
import { ACTIVITY_TYPES, GENDERS, THEMATIC_AREAS } from '../../common/vocabulary';
import { JOINT_PROJECT_STATUSES } from '../../joint-projects/joint-project-status';
import { REPORT_KINDS } from '../../participant-reports/report-status';
import { PLACEMENT_STATUSES } from '../../placements/placement-status';
import { TWINNING_PAIR_ORIGINS } from '../../twinning-pairs/twinning-pair-origin';
import { shapeCohortSummary } from '../cohort-summary';
import type { CohortOverview } from '../cohort-overview.query';
import { PLACEMENT_EXPORT_COLUMNS } from '../placement-export';

// The summary's shape is nested and keyed by the programme's vocabularies, so it is written as a schema built
// from those lists rather than as one class per level; the example is computed by the same shaping code.

const count: SchemaObject = { type: 'integer', minimum: 0 };
const number: SchemaObject = { type: 'number', minimum: 0 };
const text: SchemaObject = { type: 'string' };
const object = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});
const keyed = (keys: readonly string[], value: SchemaObject) =>
  object(Object.fromEntries(keys.map((key) => [key, value])));
const list = (items: SchemaObject, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
const money = object({ amountMinor: { type: 'integer' }, currency: { type: 'string', example: 'EUR' } });
const direction = { from: text, to: text };
const peopleCount: SchemaObject = {
  oneOf: [count, { type: 'string', enum: ['<3'] }],
  description: 'In a funder’s view a group of one or two people shows as "<3"',
};
const reportCounts = { total: count, submitted: count, submittedOnTime: count, overdue: count };

const EXAMPLE = shapeCohortSummary(
  {
    id: '5b0c6a9e-8f4e-4a57-9f55-0d6f2b1c9a11',
    name: 'EU-China NGO Twinning 2027',
    status: 'active',
    sides: ['EU', 'CN'],
    grantCurrency: 'EUR',
  },
  {
    applications: [
      { status: 'accepted', count: 24 },
      { status: 'rejected', count: 9 },
      { status: 'withdrawn', count: 2 },
    ],
    placements: [
      {
        from: 'EU',
        to: 'CN',
        status: 'completed',
        currency: 'EUR',
        count: 10,
        days: 420,
        dailyAllowance: 2_520_000,
        travel: 800_000,
        visa: 140_000,
        insurance: 90_000,
        total: 3_550_000,
      },
      {
        from: 'CN',
        to: 'EU',
        status: 'in_progress',
        currency: 'EUR',
        count: 12,
        days: 504,
        dailyAllowance: 3_024_000,
        travel: 960_000,
        visa: 96_000,
        insurance: 108_000,
        total: 4_188_000,
      },
      {
        from: 'CN',
        to: 'EU',
        status: 'declined',
        currency: 'EUR',
        count: 1,
        days: 42,
        dailyAllowance: 252_000,
        travel: 80_000,
        visa: 8_000,
        insurance: 9_000,
        total: 349_000,
      },
    ],
    participants: [
      { gender: 'female', side: 'EU', count: 6 },
      { gender: 'male', side: 'EU', count: 4 },
      { gender: 'female', side: 'CN', count: 9 },
      { gender: 'non_binary', side: 'CN', count: 1 },
      { gender: 'male', side: 'CN', count: 2 },
    ],
    hours: [
      { activityType: 'meeting', hours: 310.5, entries: 140 },
      { activityType: 'field_visit', hours: 212, entries: 48 },
      { activityType: 'workshop', hours: 96, entries: 20 },
    ],
    reports: [
      { kind: 'midterm', status: 'accepted', count: 20, onTime: 17, overdue: 0 },
      { kind: 'midterm', status: 'due', count: 2, onTime: 0, overdue: 2 },
      { kind: 'final', status: 'submitted', count: 10, onTime: 9, overdue: 0 },
    ],
    jointProjects: [
      { status: 'funded', currency: 'EUR', count: 3, budget: 9_000_000, peopleReached: 1200 },
      { status: 'idea', currency: null, count: 4, budget: 0, peopleReached: 0 },
    ],
    themes: [
      { area: 'climate_change', participants: 8, jointProjects: 2 },
      { area: 'gender_equality', participants: 5, jointProjects: 1 },
    ],
    pairsFormed: [
      { origin: 'joint_application', count: 6 },
      { origin: 'matching_run', count: 6 },
    ],
    pairsCompleted: [{ from: 'EU', to: 'CN', count: 10 }],
    pairsCompletedBothWays: 0,
  },
  'funder',
);

export const COHORT_SUMMARY_SCHEMA: SchemaObject = {
  ...object({
    cohort: object({ id: { type: 'string', format: 'uuid' }, name: text, status: text, sides: list(text) }),
    applications: object({ total: count, byStatus: keyed(APPLICATION_STATUSES, count) }),
    placements: object({
      total: count,
      byStatus: keyed(PLACEMENT_STATUSES, count),
      byDirection: list(object({ ...direction, total: count, byStatus: keyed(PLACEMENT_STATUSES, count) })),
    }),
    participants: object(
      { total: count, byGender: keyed(GENDERS, peopleCount), bySide: { type: 'object', additionalProperties: count } },
      'People holding a live placement (not declined or cancelled); side is their home organisation’s region',
    ),
    placementDays: object(
      {
        total: count,
        average: { type: 'number', nullable: true },
        byDirection: list(object({ ...direction, days: count })),
      },
      'Inclusive days of live placements',
    ),
    loggedHours: object({ total: number, entries: count, byActivityType: keyed(ACTIVITY_TYPES, number) }),
    participantReports: object(
      { ...reportCounts, byKind: keyed(REPORT_KINDS, object(reportCounts)) },
      'Submitted on time: submitted (UTC date) on or before the due date; overdue: still due after it',
    ),
    jointProjects: object({
      total: count,
      peopleReached: count,
      budgets: list(money, 'One total per currency'),
      byStatus: keyed(JOINT_PROJECT_STATUSES, object({ count, budgets: list(money), peopleReached: count })),
    }),
    thematicSpread: list(
      object({ area: { type: 'string', enum: [...THEMATIC_AREAS] }, participants: count, jointProjects: count }),
      'Participants by their expertise and joint projects by their thematic areas',
    ),
    grants: object(
      {
        totals: list(money, 'One total per currency'),
        byDirection: list(
          object({
            ...direction,
            currency: text,
            dailyAllowance: money,
            travel: money,
            visa: money,
            insurance: money,
            total: money,
          }),
        ),
      },
      'Grants of live placements, by component and direction',
    ),
    twinningPairs: object({
      formed: count,
      byOrigin: keyed(TWINNING_PAIR_ORIGINS, count),
      completedByDirection: list(object({ ...direction, pairs: count })),
      completedBothDirections: count,
    }),
  }),
  example: EXAMPLE,
};

const OVERVIEW_EXAMPLE: CohortOverview = {
  id: '5b0c6a9e-8f4e-4a57-9f55-0d6f2b1c9a11',
  name: 'EU-China NGO Twinning 2027',
  status: 'active',
  sides: ['EU', 'CN'],
  applicationOpensOn: '2027-02-01',
  exchangesEndOn: '2027-12-09',
  applications: 35,
  applicationsAccepted: 24,
  placements: 22,
  placementsCompleted: 10,
  participants: 22,
  placementDays: 924,
  loggedHours: 618.5,
  reportsSubmitted: 30,
  reportsSubmittedOnTime: 26,
  jointProjects: 7,
  peopleReached: 1200,
  twinningPairs: 12,
  twinningPairsCompletedBothDirections: 0,
  grantTotals: [{ amountMinor: 7_738_000, currency: 'EUR' }],
};

export const COHORT_OVERVIEW_SCHEMA: SchemaObject = {
  type: 'array',
  items: object({
    id: { type: 'string', format: 'uuid' },
    name: text,
    status: text,
    sides: list(text),
    applicationOpensOn: { type: 'string', format: 'date' },
    exchangesEndOn: { type: 'string', format: 'date' },
    applications: count,
    applicationsAccepted: count,
    placements: { ...count, description: 'Live placements (not declined or cancelled)' },
    placementsCompleted: count,
    participants: count,
    placementDays: count,
    loggedHours: number,
    reportsSubmitted: count,
    reportsSubmittedOnTime: count,
    jointProjects: count,
    peopleReached: count,
    twinningPairs: count,
    twinningPairsCompletedBothDirections: count,
    grantTotals: list(money),
  }),
  example: [OVERVIEW_EXAMPLE],
};

/** The JSON form of the placements export: one object per placement, keyed as the CSV header's columns. */
export const PLACEMENT_EXPORT_SCHEMA: SchemaObject = list(
  {
    type: 'object',
    properties: Object.fromEntries(
      PLACEMENT_EXPORT_COLUMNS.map((column) => [
        column.key,
        {
          type: column.kind === 'number' ? 'number' : 'string',
          ...(column.kind === 'date' ? { format: 'date' } : {}),
          nullable: true,
          description: column.coordinatorOnly ? `${column.header} (not in a funder’s export)` : column.header,
        },
      ]),
    ),
  },
  'Participant is null in a funder’s export unless the person consented to share_with_funders',
);
