import type { EngineHost, EngineParticipant, EngineRules } from './types';

/** Builders for engine tests and benchmarks: a valid participant, host and EU-China rule set, overridable. */

export const RULES: EngineRules = {
  sides: ['EU', 'CN'],
  windows: [
    { from: 'EU', to: 'CN', startsOn: '2027-08-01', endsOn: '2027-09-30' },
    { from: 'CN', to: 'EU', startsOn: '2027-10-08', endsOn: '2027-12-09' },
  ],
  minPlacementDays: 28,
  maxPlacementDays: 56,
};

export function participant(overrides: Partial<EngineParticipant> & { id: string }): EngineParticipant {
  const side = overrides.side ?? 'EU';
  return {
    staffId: `staff-${overrides.id}`,
    status: 'accepted',
    side,
    organisationId: `org-${overrides.id}`,
    languages: [{ code: 'en', level: 'fluent' }],
    expertise: ['water_resources'],
    availableFrom: side === 'EU' ? '2027-08-01' : '2027-10-08',
    availableTo: side === 'EU' ? '2027-09-30' : '2027-12-09',
    kind: 'single',
    partnerOrganisationId: null,
    preferences: [],
    ...overrides,
  };
}

export function host(overrides: Partial<EngineHost> & { id: string }): EngineHost {
  return { side: 'CN', languages: ['zh', 'en'], areas: ['water_resources'], capacity: 1, ...overrides };
}
