import type { FieldProblem } from '../cohorts/cohort-rules';
import {
  hasCapacity,
  isAccepted,
  isNamedPartner,
  isNotOwnOrganisation,
  isOnOtherSide,
  sharesWorkingLanguage,
  windowOf,
} from '../matching/engine/eligibility';
import type { EngineHost, EngineParticipant, EngineRules } from '../matching/engine/types';
import { daysInclusive } from '../common/time';

/**
 * The dates of a placement: inside the window of its direction and the participant's availability, and as long
 * as the cohort allows. Each broken rule names the field it is about.
 */
export function placementDateProblems(
  participant: EngineParticipant,
  rules: EngineRules,
  dates: { startsOn: string; endsOn: string },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const window = windowOf(participant, rules);
  if (!window)
    return [{ field: 'applicationId', message: `the cohort has no exchange window from ${participant.side}` }];
  for (const field of ['startsOn', 'endsOn'] as const) {
    const date = dates[field];
    if (date < window.startsOn || date > window.endsOn) {
      problems.push({
        field,
        message: `must be inside the ${window.from}→${window.to} window ${window.startsOn} … ${window.endsOn}`,
      });
    } else if (date < participant.availableFrom || date > participant.availableTo) {
      problems.push({
        field,
        message: `must be inside the participant's availability ${participant.availableFrom} … ${participant.availableTo}`,
      });
    }
  }
  const length = daysInclusive(dates.startsOn, dates.endsOn);
  if (length < rules.minPlacementDays || length > rules.maxPlacementDays) {
    problems.push({
      field: 'endsOn',
      message: `the placement lasts ${length} days; it must last ${rules.minPlacementDays} to ${rules.maxPlacementDays}`,
    });
  }
  return problems;
}

/** The same hard rules as matching (§6), for a placement a coordinator makes by hand. */
export function placementRuleProblems(
  participant: EngineParticipant,
  host: EngineHost,
  rules: EngineRules,
  dates: { startsOn: string; endsOn: string },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isAccepted(participant)) problems.push({ field: 'applicationId', message: 'the application is not accepted' });
  const hostRules: Array<[boolean, string]> = [
    [isOnOtherSide(participant, host, rules), 'the host must be on the other side of the cohort'],
    [isNotOwnOrganisation(participant, host), "the host must not be the participant's own organisation"],
    [isNamedPartner(participant, host), 'a joint application goes to its named partner'],
    [sharesWorkingLanguage(participant, host), 'the participant and the host share no working language'],
    [hasCapacity(host), 'the host has no places left in this cohort'],
  ];
  for (const [holds, message] of hostRules) if (!holds) problems.push({ field: 'hostOrganisationId', message });
  return [...problems, ...placementDateProblems(participant, rules, dates)];
}
