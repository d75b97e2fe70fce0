import { randomUUID } from 'node:crypto';
import { Role } from '../../src/common/auth/role';
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
