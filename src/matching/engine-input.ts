import type { Application } from '../applications/application.entity';
import type { Cohort } from '../cohorts/cohort.entity';
import type { Organisation } from '../organisations/organisation.entity';
import type { EngineHost, EngineParticipant, EngineRules } from './engine/types';

/** How stored records read as the matching engine's plain input; shared by runs and placements made by hand. */

/** `application` with its staff member and the staff member's organisation loaded. */
export const engineParticipant = (application: Application): EngineParticipant => ({
  id: application.id,
  staffId: application.staffId,
  status: application.status,
  side: application.staff!.organisation!.region,
  organisationId: application.staff!.organisationId,
  languages: application.staff!.languages,
  expertise: application.staff!.expertise,
  availableFrom: application.availableFrom,
  availableTo: application.availableTo,
  kind: application.kind,
  partnerOrganisationId: application.partnerOrganisationId,
  preferences: application.preferredHostIds,
});

export const engineHost = (organisation: Organisation, placesLeft: number): EngineHost => ({
  id: organisation.id,
  side: organisation.region,
  languages: organisation.workingLanguages,
  areas: organisation.thematicAreas,
  capacity: Math.max(0, placesLeft),
});

export const engineRules = (cohort: Cohort): EngineRules => ({
  sides: cohort.sides,
  windows: cohort.exchangeWindows,
  minPlacementDays: cohort.minPlacementDays,
  maxPlacementDays: cohort.maxPlacementDays,
});
