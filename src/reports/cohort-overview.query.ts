import { fundedCohortIds } from '../cohorts/funded-cohorts';
import type { Money } from '../cohorts/grant-rules';

/** The headline figures of one cohort, side by side with the others for trends (§8). */
export interface CohortOverview {
  id: string;
  name: string;
  status: string;
  sides: string[];
  applicationOpensOn: string;
  exchangesEndOn: string;
  applications: number;
  applicationsAccepted: number;
  /** Live placements: not declined or cancelled. */
  placements: number;
  placementsCompleted: number;
  participants: number;
  placementDays: number;
  loggedHours: number;
  reportsSubmitted: number;
  reportsSubmittedOnTime: number;
  jointProjects: number;
  peopleReached: number;
  twinningPairs: number;
  twinningPairsCompletedBothDirections: number;
  grantTotals: Money[];
}

/**
 * One row per cohort whose period (application opening to the end of its last exchange window) meets
 * [$1, $2], either bound optional; `$3` true limits it to the cohorts funded by the organisation of user `$4`. Each figure
 * is an aggregate over the cohort's rows, reached through the cohort_id indexes.
 */
export const COHORT_OVERVIEW_SQL = `
SELECT c.id, c.name, c.status, c.sides,
       to_char(c.application_opens_on, 'YYYY-MM-DD') AS "applicationOpensOn",
       to_char(period.ends_on, 'YYYY-MM-DD') AS "exchangesEndOn",
       applications.total AS applications, applications.accepted AS "applicationsAccepted",
       placements.live AS placements, placements.completed AS "placementsCompleted",
       placements.participants, placements.days AS "placementDays",
       coalesce(hours.total, 0)::float8 AS "loggedHours",
       reports.submitted AS "reportsSubmitted", reports.on_time AS "reportsSubmittedOnTime",
       projects.count AS "jointProjects", projects.people_reached AS "peopleReached",
       pairs.formed AS "twinningPairs", completed_pairs.count AS "twinningPairsCompletedBothDirections",
       grants.totals AS "grantTotals"
  FROM cohorts c
 CROSS JOIN LATERAL (
   SELECT max((window_.value ->> 'endsOn')::date) AS ends_on FROM jsonb_array_elements(c.exchange_windows) window_
 ) period
 CROSS JOIN LATERAL (
   SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'accepted')::int AS accepted
     FROM applications WHERE cohort_id = c.id
 ) applications
 CROSS JOIN LATERAL (
   SELECT count(*) FILTER (WHERE live)::int AS live,
          count(*) FILTER (WHERE status = 'completed')::int AS completed,
          count(DISTINCT staff_id) FILTER (WHERE live)::int AS participants,
          coalesce(sum(ends_on - starts_on + 1) FILTER (WHERE live), 0)::int AS days
     FROM (SELECT *, status NOT IN ('declined', 'cancelled') AS live FROM placements WHERE cohort_id = c.id) p
 ) placements
 CROSS JOIN LATERAL (
   SELECT sum(log.hours) AS total
     FROM exchange_logs log JOIN placements p ON p.id = log.placement_id WHERE p.cohort_id = c.id
 ) hours
 CROSS JOIN LATERAL (
   SELECT count(*) FILTER (WHERE report.status <> 'due')::int AS submitted,
          count(*) FILTER (WHERE report.status <> 'due'
                             AND (report.submitted_at AT TIME ZONE 'UTC')::date <= report.due_on)::int AS on_time
     FROM participant_reports report JOIN placements p ON p.id = report.placement_id WHERE p.cohort_id = c.id
 ) reports
 CROSS JOIN LATERAL (
   SELECT count(*)::int AS count, coalesce(sum(people_reached), 0)::int AS people_reached
     FROM joint_projects WHERE cohort_id = c.id
 ) projects
 CROSS JOIN LATERAL (SELECT count(*)::int AS formed FROM twinning_pairs WHERE cohort_id = c.id) pairs
 CROSS JOIN LATERAL (
   SELECT count(*)::int AS count FROM (
     SELECT p.twinning_pair_id
       FROM placements p JOIN organisations host ON host.id = p.host_organisation_id
      WHERE p.cohort_id = c.id AND p.status = 'completed' AND p.twinning_pair_id IS NOT NULL
      GROUP BY 1 HAVING count(DISTINCT host.region) = 2
   ) both_ways
 ) completed_pairs
 CROSS JOIN LATERAL (
   SELECT coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'amountMinor', amount) ORDER BY currency), '[]')
            AS totals
     FROM (SELECT "grant" ->> 'currency' AS currency, sum(("grant" #>> '{total,amountMinor}')::bigint) AS amount
             FROM placements
            WHERE cohort_id = c.id AND status NOT IN ('declined', 'cancelled') AND "grant" IS NOT NULL
            GROUP BY 1) per_currency
 ) grants
 WHERE ($1::date IS NULL OR period.ends_on >= $1::date)
   AND ($2::date IS NULL OR c.application_opens_on <= $2::date)
   AND (NOT $3::boolean OR c.id IN (${fundedCohortIds('$4')}))
 ORDER BY c.application_opens_on, c.name
`;
