import type { FieldProblem } from '../cohorts/cohort-rules';
import type { ApplicationKind } from './application.entity';

export interface ApplicationShape {
  kind: ApplicationKind;
  partnerOrganisationId?: string | null;
  exchangeTopic?: string | null;
  partnerContactName?: string | null;
  partnerContactEmail?: string | null;
  preferredHostIds?: string[];
}

/** Which fields a kind needs and which it cannot have: a 400 naming each field. */
export function applicationShapeProblems(application: ApplicationShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (application.kind === 'joint') {
    if (!application.partnerOrganisationId) {
      problems.push({ field: 'partnerOrganisationId', message: 'a joint application names its partner organisation' });
    }
    if (!application.exchangeTopic) {
      problems.push({ field: 'exchangeTopic', message: 'a joint application names the shared exchange topic' });
    }
    if (application.preferredHostIds?.length) {
      problems.push({ field: 'preferredHostIds', message: 'a joint application has its partner, not preferences' });
    }
  } else {
    for (const field of ['partnerOrganisationId', 'partnerContactName', 'partnerContactEmail'] as const) {
      if (application[field]) {
        problems.push({ field, message: `${field} belongs to joint applications; a single one is matched` });
      }
    }
  }
  return problems;
}

/** The organisations an application involves: a reviewer from any of them has a conflict of interest. */
export const involvedOrganisations = (application: {
  staffOrganisationId: string;
  partnerOrganisationId: string | null;
  preferredHostIds: string[];
}): string[] =>
  [application.staffOrganisationId, application.partnerOrganisationId, ...application.preferredHostIds].filter(
    (id): id is string => id !== null,
  );

export interface HostCandidate {
  id: string;
  region: string;
  hostingCapacity: number;
}

/**
 * The programme rules for a partner or a preferred host (422): it is on the other side of the cohort from the
 * applicant's organisation, is not that organisation, and (for preferences) hosts at all.
 */
export function hostProblems(
  field: string,
  hostIds: string[],
  hosts: HostCandidate[],
  applicant: { organisationId: string; otherSide: string },
  { mustHost }: { mustHost: boolean },
): FieldProblem[] {
  return hostIds.flatMap((id, index) => {
    const name = hostIds.length > 1 || field === 'preferredHostIds' ? `${field}.${index}` : field;
    const host = hosts.find((candidate) => candidate.id === id);
    if (!host) return [{ field: name, message: `organisation ${id} does not exist` }];
    if (host.id === applicant.organisationId) return [{ field: name, message: 'must not be your own organisation' }];
    if (host.region !== applicant.otherSide) {
      return [{ field: name, message: `must be an organisation of the other side (${applicant.otherSide})` }];
    }
    if (mustHost && host.hostingCapacity <= 0) return [{ field: name, message: 'this organisation does not host' }];
    return [];
  });
}
