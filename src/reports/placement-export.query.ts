import { ACTIVITY_TYPES } from '../common/vocabulary';
import { hoursColumnKey } from './placement-export';

/**
 * One row per placement of cohort `$1` (§8), streamed in the export's order. `$2` is true for a funder: the
 * participant's name then comes only with a current `share_with_funders` consent, and e-mail and mentor are
 * left out by the database itself, so they never reach the process. Hours and reports are summed per
 * placement through the (placement_id, …) indexes.
 */
export const PLACEMENT_EXPORT_SQL = `
SELECT p.id AS "placementId",
       CASE WHEN $2::boolean AND NOT coalesce(consent.granted, false) THEN NULL ELSE s.full_name END AS participant,
       CASE WHEN $2::boolean THEN NULL ELSE s.email END AS "participantEmail",
       home.name AS "homeOrganisation", home.region AS "homeSide",
       host.name AS "hostOrganisation", host.region AS "hostSide", host.country AS "hostCountry",
       to_char(p.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(p.ends_on, 'YYYY-MM-DD') AS "endsOn",
       p.ends_on - p.starts_on + 1 AS days, p.status,
       CASE WHEN $2::boolean THEN NULL ELSE p.mentor_name END AS "mentorName",
       ${ACTIVITY_TYPES.map((activity) => `coalesce(hours."${activity}", 0)::float8 AS "${hoursColumnKey(activity)}"`).join(',\n       ')},
       coalesce(hours.total, 0)::float8 AS "hoursTotal",
       reports.count AS reports, reports.submitted AS "reportsSubmitted", reports.on_time AS "reportsOnTime",
       p.match_score::float8 AS "matchScore",
       (p."grant" #>> '{total,amountMinor}')::bigint::float8 AS "grantTotalMinor",
       p."grant" ->> 'currency' AS "grantCurrency"
  FROM placements p
  JOIN staff s ON s.id = p.staff_id
  JOIN organisations home ON home.id = s.organisation_id
  JOIN organisations host ON host.id = p.host_organisation_id
  LEFT JOIN LATERAL (
    SELECT ${ACTIVITY_TYPES.map((activity) => `sum(log.hours) FILTER (WHERE log.activity_type = '${activity}') AS "${activity}"`).join(',\n           ')},
           sum(log.hours) AS total
      FROM exchange_logs log WHERE log.placement_id = p.id
  ) hours ON true
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS count,
           count(*) FILTER (WHERE report.status <> 'due')::int AS submitted,
           count(*) FILTER (WHERE report.status <> 'due'
                              AND (report.submitted_at AT TIME ZONE 'UTC')::date <= report.due_on)::int AS on_time
      FROM participant_reports report WHERE report.placement_id = p.id
  ) reports ON true
  LEFT JOIN LATERAL (
    SELECT record.granted FROM consent_records record
     WHERE record.staff_id = s.id AND record.purpose = 'share_with_funders'
     ORDER BY record.recorded_at DESC LIMIT 1
  ) consent ON $2::boolean
 WHERE p.cohort_id = $1
 ORDER BY p.starts_on, p.id
`;
