export const ROLES = ['admin', 'coordinator', 'reviewer', 'participant', 'funder'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a coordinator may invite (§4); admins may invite any role. */
export const COORDINATOR_INVITABLE_ROLES: readonly Role[] = ['reviewer', 'participant', 'funder'];
