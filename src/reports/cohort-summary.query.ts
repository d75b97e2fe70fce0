/**
 * The cohort summary (§8) as one SQL statement: every figure is an aggregate computed by PostgreSQL, in one
 * snapshot and one round trip; each column is a small JSON array of grouped counts that `shapeCohortSummary`
 * turns into the answer. `$1` is the cohort id. The benchmark runs this same text directly with `pg`.
 *
 * Indexes it relies on: applications (cohort_id), placements (cohort_id, host_organisation_id),
 * exchange_logs (placement_id) covering activity type and hours, participant_reports (placement_id, kind),
 * joint_projects (cohort_id), twinning_pairs (cohort_id, …).
 */
export const COHORT_SUMMARY_SQL = `
WITH placement AS MATERIALIZED (
  SELECT p.id, p.status, p.staff_id, p.twinning_pair_id, p."grant", s.gender, s.expertise,
         home.region AS home_side, host.region AS host_side,
         p.ends_on - p.starts_on + 1 AS days,
         p.status NOT IN ('declined', 'cancelled') AS live
    FROM placements p
    JOIN staff s ON s.id = p.staff_id
    JOIN organisations home ON home.id = s.organisation_id
    JOIN organisations host ON host.id = p.host_organisation_id
   WHERE p.cohort_id = $1
),
participant AS MATERIALIZED (
  SELECT DISTINCT ON (staff_id) staff_id, gender, home_side AS side, expertise FROM placement WHERE live
)
SELECT
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT status, count(*)::int AS count
       FROM applications WHERE cohort_id = $1 GROUP BY status
  ) g) AS applications,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT home_side AS "from", host_side AS "to", status, "grant" ->> 'currency' AS currency,
            count(*)::int AS count,
            sum(days)::int AS days,
            coalesce(sum(("grant" #>> '{dailyAllowance,amount,amountMinor}')::bigint), 0) AS "dailyAllowance",
            coalesce(sum(("grant" #>> '{travel,amount,amountMinor}')::bigint), 0) AS travel,
            coalesce(sum(("grant" #>> '{visa,amountMinor}')::bigint), 0) AS visa,
            coalesce(sum(("grant" #>> '{insurance,amountMinor}')::bigint), 0) AS insurance,
            coalesce(sum(("grant" #>> '{total,amountMinor}')::bigint), 0) AS total
       FROM placement GROUP BY 1, 2, 3, 4
  ) g) AS placements,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT gender, side, count(*)::int AS count FROM participant GROUP BY 1, 2
  ) g) AS participants,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT log.activity_type AS "activityType", sum(log.hours) AS hours, count(*)::int AS entries
       -- OFFSET 0 keeps the cohort's placement ids a subquery of known size, so PostgreSQL hashes those and scans
       -- the logs once, rather than looking up a placement for every log (10% of the statement's time).
       FROM exchange_logs log JOIN (SELECT id FROM placements WHERE cohort_id = $1 OFFSET 0) p ON p.id = log.placement_id
      GROUP BY 1
  ) g) AS hours,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT report.kind, report.status, count(*)::int AS count,
            count(*) FILTER (WHERE (report.submitted_at AT TIME ZONE 'UTC')::date <= report.due_on)::int AS "onTime",
            count(*) FILTER (WHERE report.status = 'due' AND report.due_on < (now() AT TIME ZONE 'UTC')::date)::int
              AS overdue
       FROM participant_reports report JOIN placements p ON p.id = report.placement_id
      WHERE p.cohort_id = $1
      GROUP BY 1, 2
  ) g) AS reports,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT status, budget_currency AS currency, count(*)::int AS count,
            coalesce(sum(budget_amount_minor), 0) AS budget,
            coalesce(sum(people_reached), 0)::int AS "peopleReached"
       FROM joint_projects WHERE cohort_id = $1 GROUP BY 1, 2
  ) g) AS "jointProjects",
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT area, count(*) FILTER (WHERE source = 'participant')::int AS participants,
            count(*) FILTER (WHERE source = 'project')::int AS "jointProjects"
       FROM (SELECT unnest(expertise) AS area, 'participant' AS source FROM participant
             UNION ALL
             SELECT unnest(thematic_areas), 'project' FROM joint_projects WHERE cohort_id = $1) tagged
      GROUP BY 1
  ) g) AS themes,
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT origin, count(*)::int AS count FROM twinning_pairs WHERE cohort_id = $1 GROUP BY 1
  ) g) AS "pairsFormed",
  (SELECT coalesce(jsonb_agg(g), '[]') FROM (
     SELECT home_side AS "from", host_side AS "to", count(DISTINCT twinning_pair_id)::int AS count
       FROM placement WHERE status = 'completed' AND twinning_pair_id IS NOT NULL GROUP BY 1, 2
  ) g) AS "pairsCompleted",
  (SELECT count(*)::int FROM (
     SELECT twinning_pair_id FROM placement
      WHERE status = 'completed' AND twinning_pair_id IS NOT NULL
      GROUP BY 1 HAVING count(DISTINCT host_side) = 2
  ) g) AS "pairsCompletedBothWays"
`;
