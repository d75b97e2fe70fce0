import type { FieldProblem } from '../cohorts/cohort-rules';

/** The programme's rules on joint projects, pure so that they are tested alone; the service answers 422 with them. */

export interface PartnerCandidate {
  id: string;
  region: string;
}

/** Partners come from the cohort's sides, and each side has at least one (§5 "from both sides"). */
export function partnerProblems(partners: PartnerCandidate[], sides: string[]): FieldProblem[] {
  const field = 'partnerOrganisationIds';
  const problems: FieldProblem[] = partners
    .filter((partner) => !sides.includes(partner.region))
    .map((partner) => ({
      field,
      message: `organisation ${partner.id} is from ${partner.region}, not from a side of the cohort (${sides.join(', ')})`,
    }));
  for (const side of sides) {
    if (!partners.some((partner) => partner.region === side)) {
      problems.push({ field, message: `needs at least one partner from ${side}` });
    }
  }
  return problems;
}

export interface ProjectDates {
  startsOn: string | null;
  endsOn: string | null;
}

/** A milestone falls due inside the project's dates, against each of them that is set. */
export function dueDateProblems(dueOn: string, project: ProjectDates, field = 'dueOn'): FieldProblem[] {
  if (project.startsOn && dueOn < project.startsOn) {
    return [{ field, message: `must be on or after the project's start (${project.startsOn})` }];
  }
  if (project.endsOn && dueOn > project.endsOn) {
    return [{ field, message: `must be on or before the project's end (${project.endsOn})` }];
  }
  return [];
}

/** New project dates must still hold every milestone; each problem names the date that shuts one out. */
export function datesShuttingOutMilestones(
  project: ProjectDates,
  milestones: Array<{ title: string; dueOn: string }>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const milestone of milestones) {
    if (project.startsOn && milestone.dueOn < project.startsOn) {
      problems.push({
        field: 'startsOn',
        message: `milestone "${milestone.title}" is due earlier (${milestone.dueOn})`,
      });
    }
    if (project.endsOn && milestone.dueOn > project.endsOn) {
      problems.push({ field: 'endsOn', message: `milestone "${milestone.title}" is due later (${milestone.dueOn})` });
    }
  }
  return problems;
}

/** Today's calendar date (`YYYY-MM-DD`) in a time zone; an unknown zone counts as UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}
