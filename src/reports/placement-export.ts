import { ACTIVITY_TYPES, ActivityType } from '../common/vocabulary';

/** What a cell holds: XLSX types its cells by this, CSV and JSON write the value as it is. */
export type ColumnKind = 'text' | 'number' | 'date';

export interface ExportColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Columns a funder never receives: e-mail addresses and free-text personal fields (§4, §8). */
  coordinatorOnly?: boolean;
}

export type ExportAudience = 'coordinator' | 'funder';

/** One placement of a cohort as the export writes it: keys are the columns' keys. */
export type PlacementExportRow = Record<string, string | number | null>;

export const hoursColumnKey = (activity: ActivityType) =>
  `hours${activity.replace(/(^|_)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}`;

/** The columns of the placements export (§8), in order; the SQL returns exactly these keys. */
export const PLACEMENT_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'placementId', header: 'Placement', kind: 'text' },
  { key: 'participant', header: 'Participant', kind: 'text' },
  { key: 'participantEmail', header: 'Participant e-mail', kind: 'text', coordinatorOnly: true },
  { key: 'homeOrganisation', header: 'Home organisation', kind: 'text' },
  { key: 'homeSide', header: 'Home side', kind: 'text' },
  { key: 'hostOrganisation', header: 'Host organisation', kind: 'text' },
  { key: 'hostSide', header: 'Host side', kind: 'text' },
  { key: 'hostCountry', header: 'Host country', kind: 'text' },
  { key: 'startsOn', header: 'Starts on', kind: 'date' },
  { key: 'endsOn', header: 'Ends on', kind: 'date' },
  { key: 'days', header: 'Days', kind: 'number' },
  { key: 'status', header: 'Status', kind: 'text' },
  { key: 'mentorName', header: 'Host mentor', kind: 'text', coordinatorOnly: true },
  ...ACTIVITY_TYPES.map((activity): ExportColumn => ({
    key: hoursColumnKey(activity),
    header: `Hours: ${activity.replace('_', ' ')}`,
    kind: 'number',
  })),
  { key: 'hoursTotal', header: 'Hours: total', kind: 'number' },
  { key: 'reports', header: 'Reports', kind: 'number' },
  { key: 'reportsSubmitted', header: 'Reports submitted', kind: 'number' },
  { key: 'reportsOnTime', header: 'Reports on time', kind: 'number' },
  { key: 'matchScore', header: 'Match score', kind: 'number' },
  { key: 'grantTotalMinor', header: 'Grant total (minor units)', kind: 'number' },
  { key: 'grantCurrency', header: 'Grant currency', kind: 'text' },
];

export const exportColumnsFor = (audience: ExportAudience): ExportColumn[] =>
  PLACEMENT_EXPORT_COLUMNS.filter((column) => audience === 'coordinator' || !column.coordinatorOnly);

/** A file name a spreadsheet user recognises, ASCII only so every client keeps it. */
export function exportFileName(cohortName: string, today: string, extension: string): string {
  const slug = cohortName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'cohort'}-placements-${today}.${extension}`;
}
