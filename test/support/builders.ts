import { randomUUID } from 'node:crypto';
import { Application } from '../../src/applications/application.entity';
import { ApplicationsService } from '../../src/applications/applications.service';
import { CreateApplicationDto } from '../../src/applications/dto/create-application.dto';
import { Cohort } from '../../src/cohorts/cohort.entity';
import { COHORT_STATUSES, CohortStatus } from '../../src/cohorts/cohort-status';
import { CohortsService } from '../../src/cohorts/cohorts.service';
import { CreateCohortDto } from '../../src/cohorts/dto/create-cohort.dto';
import { Role } from '../../src/common/auth/role';
import { CreateOrganisationDto } from '../../src/organisations/dto/create-organisation.dto';
import { Organisation } from '../../src/organisations/organisation.entity';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { CreateStaffMemberDto } from '../../src/staff/dto/create-staff-member.dto';
import { StaffMember } from '../../src/staff/staff-member.entity';
import { StaffService } from '../../src/staff/staff.service';
import { InvitationsService } from '../../src/invitations/invitations.service';
import { User } from '../../src/users/user.entity';
import { NewUser, UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'a long enough test password';

const unique = () => randomUUID().slice(0, 8);

/** Data builders: each makes a valid record through the service that owns its rules, overridable field by field. */
export function aUser(app: TestApp, overrides: Partial<NewUser> & { role?: Role } = {}): Promise<User> {
  return app.get(UsersService).create(
    {
      email: `${overrides.role ?? 'participant'}-${unique()}@example.org`,
      displayName: 'Test Person',
      password: TEST_PASSWORD,
      role: 'participant',
      ...overrides,
    },
    null,
  );
}

/** An invitation and the token its link would carry. */
export function anInvitation(
  app: TestApp,
  overrides: { email?: string; role?: Role; displayName?: string; validForDays?: number } = {},
) {
  return app
    .get(InvitationsService)
    .create(
      { email: `invitee-${unique()}@example.org`, displayName: 'Invited Person', role: 'participant', ...overrides },
      null,
    );
}

/** A hosting NGO; `region` decides its side (EU or CN), with a real city for each. */
export function anOrganisation(app: TestApp, overrides: Partial<CreateOrganisationDto> = {}): Promise<Organisation> {
  const region = overrides.region ?? 'EU';
  const place =
    region === 'CN'
      ? { country: 'CN', city: 'Chengdu', latitude: 30.5728, longitude: 104.0668, workingLanguages: ['zh', 'en'] }
      : { country: 'DE', city: 'Berlin', latitude: 52.52, longitude: 13.405, workingLanguages: ['de', 'en'] };
  return app.get(OrganisationsService).create(
    {
      name: `Organisation ${unique()}`,
      type: 'ngo',
      region,
      ...place,
      thematicAreas: ['water_resources'],
      hostingCapacity: 2,
      contactEmail: `contact-${unique()}@example.org`,
      website: null,
      ...overrides,
    },
    null,
  );
}

export async function aStaffMember(
  app: TestApp,
  overrides: Partial<CreateStaffMemberDto> & { organisationId: string },
): Promise<StaffMember> {
  return app.get(StaffService).create(
    {
      fullName: 'Staff Person',
      email: `staff-${unique()}@example.org`,
      gender: 'female',
      languages: [
        { code: 'en', level: 'fluent' },
        { code: 'zh', level: 'working' },
      ],
      expertise: ['water_resources'],
      jobTitle: 'Programme officer',
      yearsOfExperience: 5,
      ...overrides,
    },
    (await aUser(app, { role: 'coordinator' })).id,
  );
}

/** A cohort moved forward to `status` through its real transitions. */
export async function aCohort(
  app: TestApp,
  { status = 'open', ...overrides }: Partial<CreateCohortDto> & { status?: CohortStatus } = {},
): Promise<Cohort> {
  const cohorts = app.get(CohortsService);
  const actorId = (await aUser(app, { role: 'coordinator' })).id;
  let cohort = await cohorts.create(
    { name: `Cohort ${unique()}`, applicationOpensOn: '2027-01-15', applicationClosesOn: '2027-03-31', ...overrides },
    actorId,
  );
  for (const step of COHORT_STATUSES.slice(1, COHORT_STATUSES.indexOf(status) + 1)) {
    cohort = await cohorts.transition(cohort.id, step, actorId);
  }
  return cohort;
}

/** A single application by `staffId` to `cohortId`, with one preferred host unless told otherwise. */
export async function anApplication(
  app: TestApp,
  overrides: Partial<CreateApplicationDto> & { cohortId: string; staffId: string; preferredHostIds?: string[] },
): Promise<Application> {
  const { application } = await app.get(ApplicationsService).create(
    {
      kind: 'single',
      availableFrom: '2027-08-01',
      availableTo: '2027-09-30',
      motivation: 'I want to learn how community water monitoring works elsewhere.',
      workPlan: 'Four weeks with the host team, then a joint workshop.',
      ...overrides,
    },
    { id: (await aUser(app, { role: 'coordinator' })).id, role: 'coordinator' },
  );
  return application;
}
