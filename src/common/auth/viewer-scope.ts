import type { AuthenticatedUser } from './authenticated-user';

/** Who is asking, as the services need it for object-level access (§4). */
export type Viewer = Pick<AuthenticatedUser, 'id' | 'role'>;

/** Coordinators and admins see every record; the other roles see what §4 lets them, decided per service. */
export const seesEverything = (viewer: Pick<AuthenticatedUser, 'role'>): boolean =>
  viewer.role === 'admin' || viewer.role === 'coordinator';
