/**
 * The cohorts a funder may see (§4): those its organisation funds. One SQL subquery for every place that scopes a
 * funder, `viewer` being the placeholder of the funder's user id (`:viewerId`, `$4`).
 */
export const fundedCohortIds = (viewer: string): string =>
  `SELECT funded.cohort_id FROM cohort_funders funded
     JOIN users funder ON funder.organisation_id = funded.organisation_id
    WHERE funder.id = ${viewer}`;
