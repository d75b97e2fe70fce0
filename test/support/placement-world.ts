import { aCohort, anApplication, anOrganisation, aStaffMember } from './builders';
import { as } from './http';
import type { TestApp } from './test-app';

export type PlacementStage = 'proposed' | 'accepted' | 'confirmed' | 'in_progress' | 'completed';
const STAGES: PlacementStage[] = ['proposed', 'accepted', 'confirmed', 'in_progress', 'completed'];

/**
 * Through the API as a coordinator: accepts the application, moves its open cohort to matching and places the
 * applicant at the host. Returns the placement's id.
 */
export async function placeApplicant(
  app: TestApp,
  coordinatorToken: string,
  placement: { applicationId: string; cohortId: string; hostOrganisationId: string; startsOn: string; endsOn: string },
): Promise<string> {
  const { applicationId, cohortId, ...rest } = placement;
  await app
    .http()
    .post(`/api/v1/applications/${applicationId}/transitions`)
    .set(as(coordinatorToken))
    .send({ to: 'accepted' })
    .expect(200);
  await app
    .http()
    .post(`/api/v1/cohorts/${cohortId}/transitions`)
    .set(as(coordinatorToken))
    .send({ to: 'matching' })
    .expect(200);
  const created = await app
    .http()
    .post('/api/v1/placements')
    .set(as(coordinatorToken))
    .send({ applicationId, ...rest })
    .expect(201);
  return created.body.id as string;
}

/** Asks, as the token's holder, to move a placement to `to` (with a reason for a cancellation). */
export const movePlacement = (app: TestApp, token: string, placementId: string, to: string, reason?: string) =>
  app
    .http()
    .post(`/api/v1/placements/${placementId}/transitions`)
    .set(as(token))
    .send({ to, ...(reason && { reason }) });

/**
 * A participant (an account linked to a staff profile in Berlin) with a placement in Chengdu, made by a
 * coordinator through the API and moved along its life up to `until` (ticking the checklist before it starts).
 * `reportQuestions` are set on the cohort before the placement is made.
 */
export async function aParticipantWithPlacement(
  app: TestApp,
  coordinatorToken: string,
  {
    until = 'confirmed',
    startsOn = '2027-08-02',
    endsOn = '2027-09-12',
    reportQuestions,
  }: {
    until?: PlacementStage;
    startsOn?: string;
    endsOn?: string;
    reportQuestions?: { midterm: string[]; final: string[] };
  } = {},
) {
  const participant = await app.signIn('participant');
  const home = await anOrganisation(app, { region: 'EU' });
  const host = await anOrganisation(app, { region: 'CN' });
  const staff = await aStaffMember(app, { organisationId: home.id, userId: participant.userId });
  const cohort = await aCohort(app, { status: 'open' });
  const application = await anApplication(app, { cohortId: cohort.id, staffId: staff.id, preferredHostIds: [host.id] });
  if (reportQuestions) {
    // Questions are set before the placement is made (the cohort is still open then).
    await app
      .http()
      .patch(`/api/v1/cohorts/${cohort.id}`)
      .set(as(coordinatorToken))
      .send({ reportQuestions })
      .expect(200);
  }
  const placementId = await placeApplicant(app, coordinatorToken, {
    applicationId: application.id,
    cohortId: cohort.id,
    hostOrganisationId: host.id,
    startsOn,
    endsOn,
  });
  const move = (token: string, to: string) => movePlacement(app, token, placementId, to).expect(200);
  const reach = STAGES.indexOf(until);
  if (reach >= 1) await move(participant.token, 'accepted');
  if (reach >= 2) {
    const confirmed = await move(coordinatorToken, 'confirmed');
    if (reach >= 3) {
      for (const item of confirmed.body.checklist as Array<{ key: string }>) {
        await app
          .http()
          .put(`/api/v1/placements/${placementId}/checklist/${item.key}`)
          .set(as(participant.token))
          .send({ done: true })
          .expect(200);
      }
      await move(coordinatorToken, 'in_progress');
    }
    if (reach >= 4) await move(coordinatorToken, 'completed');
  }
  return { participant, staff, cohort, placementId };
}
