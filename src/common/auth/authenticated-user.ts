import type { Role } from './role';

/** What a guarded request knows about its caller, taken from a verified access token and the current user row. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  timeZone: string;
  locale: string;
  /** The organisation the person works for, if any: scopes funders, and marks reviewers' conflicts of interest. */
  organisationId: string | null;
}
