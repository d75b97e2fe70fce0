import { dateOfDay, dayNumber } from '../../common/time';
import type { EngineHost, EngineParticipant, EngineRules, EngineWindow, LanguageLevel } from './types';

/** The hard rules of §6, one small function each; a pair is eligible when all hold. */

const LEVEL_ORDER: Record<LanguageLevel, number> = { basic: 0, working: 1, fluent: 2, native: 3 };

export const isAccepted = (participant: EngineParticipant): boolean => participant.status === 'accepted';

/** The host is on the other side of the cohort from the participant's organisation. */
export const isOnOtherSide = (participant: EngineParticipant, host: EngineHost, rules: EngineRules): boolean =>
  host.side !== participant.side && rules.sides.includes(host.side) && rules.sides.includes(participant.side);

export const isNotOwnOrganisation = (participant: EngineParticipant, host: EngineHost): boolean =>
  host.id !== participant.organisationId;

/** A joint application goes to its named partner and nowhere else. */
export const isNamedPartner = (participant: EngineParticipant, host: EngineHost): boolean =>
  participant.kind !== 'joint' || host.id === participant.partnerOrganisationId;

export const hasCapacity = (host: EngineHost): boolean => host.capacity > 0;

/** The participant's languages spoken at `working` level or better. */
export const workingLanguages = (participant: EngineParticipant): string[] =>
  participant.languages.filter((language) => LEVEL_ORDER[language.level] >= LEVEL_ORDER.working).map((l) => l.code);

export const sharesWorkingLanguage = (participant: EngineParticipant, host: EngineHost): boolean =>
  workingLanguages(participant).some((code) => host.languages.includes(code));

export const windowOf = (participant: EngineParticipant, rules: EngineRules): EngineWindow | undefined =>
  rules.windows.find((window) => window.from === participant.side);

/** Days (inclusive) the participant's availability overlaps the window of their direction. */
export function overlapDays(participant: EngineParticipant, rules: EngineRules): number {
  const window = windowOf(participant, rules);
  if (!window) return 0;
  const start = Math.max(dayNumber(participant.availableFrom), dayNumber(window.startsOn));
  const end = Math.min(dayNumber(participant.availableTo), dayNumber(window.endsOn));
  return Math.max(0, end - start + 1);
}

export const isAvailableLongEnough = (participant: EngineParticipant, rules: EngineRules): boolean =>
  overlapDays(participant, rules) >= rules.minPlacementDays;

/** Dates inside both the participant's availability and the window: as early as possible, at most the maximum. */
export function suggestedDates(
  participant: EngineParticipant,
  rules: EngineRules,
): { startsOn: string; endsOn: string } {
  const window = windowOf(participant, rules)!;
  const start = Math.max(dayNumber(participant.availableFrom), dayNumber(window.startsOn));
  const end = Math.min(
    dayNumber(participant.availableTo),
    dayNumber(window.endsOn),
    start + rules.maxPlacementDays - 1,
  );
  return { startsOn: dateOfDay(start), endsOn: dateOfDay(end) };
}

/** The rules about the pair itself; capacity and the participant's own state are checked apart. */
export const isEligiblePair = (participant: EngineParticipant, host: EngineHost, rules: EngineRules): boolean =>
  isOnOtherSide(participant, host, rules) &&
  isNotOwnOrganisation(participant, host) &&
  isNamedPartner(participant, host) &&
  sharesWorkingLanguage(participant, host);

/** Every hard rule of §6. */
export const isEligible = (participant: EngineParticipant, host: EngineHost, rules: EngineRules): boolean =>
  isAccepted(participant) &&
  isAvailableLongEnough(participant, rules) &&
  hasCapacity(host) &&
  isEligiblePair(participant, host, rules);
