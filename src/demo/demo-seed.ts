import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../common/auth/role';
import { hashPassword } from '../users/password';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { DemoProgramme } from './demo-programme';

export interface DemoAccount {
  email: string;
  role: Role;
}

const ACCOUNTS: Array<DemoAccount & { displayName: string; timeZone: string; locale: 'en' | 'zh' }> = [
  {
    email: 'admin@twinning.example',
    role: 'admin',
    displayName: 'Demo Admin',
    timeZone: 'Europe/Brussels',
    locale: 'en',
  },
  {
    email: 'coordinator@twinning.example',
    role: 'coordinator',
    displayName: 'Anna Schmidt',
    timeZone: 'Europe/Berlin',
    locale: 'en',
  },
  {
    email: 'reviewer@twinning.example',
    role: 'reviewer',
    displayName: 'Pierre Martin',
    timeZone: 'Europe/Paris',
    locale: 'en',
  },
  {
    email: 'participant@twinning.example',
    role: 'participant',
    displayName: '王芳',
    timeZone: 'Asia/Shanghai',
    locale: 'zh',
  },
  {
    email: 'funder@twinning.example',
    role: 'funder',
    displayName: 'Fund Officer',
    timeZone: 'Europe/Brussels',
    locale: 'en',
  },
];

/**
 * Seeds the demo: the five accounts, then the programme (see DemoProgramme). Idempotent: a second run keeps the data and gives every demo account a fresh password,
 * printed once, so no password is ever written in the repository.
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly users: UsersService,
    private readonly programme: DemoProgramme,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(): Promise<{ password: string; accounts: DemoAccount[] }> {
    const password = randomBytes(9).toString('base64url');
    const ids: Partial<Record<Role, string>> = {};
    for (const account of ACCOUNTS) {
      const existing = await this.users.findWithPasswordHash(account.email);
      if (existing) {
        await this.dataSource
          .getRepository(User)
          .update({ id: existing.id }, { passwordHash: await hashPassword(password), active: true });
        ids[account.role] = existing.id;
      } else {
        ids[account.role] = (await this.users.create({ ...account, password }, null)).id;
      }
    }
    await this.programme.run({
      coordinatorId: ids.coordinator!,
      reviewerId: ids.reviewer!,
      participantId: ids.participant!,
      funderId: ids.funder!,
    });
    return { password, accounts: ACCOUNTS.map(({ email, role }) => ({ email, role })) };
  }
}
