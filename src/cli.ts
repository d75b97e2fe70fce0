import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliModule } from './cli.module';
import { ROLES, Role } from './common/auth/role';
import { validateEnvironment } from './config/environment';
import { ensureDatabase, runMigrations } from './database/migrate';
import { DemoSeed } from './demo/demo-seed';
import { InvitationsService } from './invitations/invitations.service';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]

  migrate                                  create the database if missing, apply pending migrations
  create-admin --email E --password P [--name N]
                                           create an administrator account
  invite --email E --role R --name N       create an invitation and print its acceptance link
  demo                                     migrate, seed the demo, start the API and the worker
`;

async function withContext<T>(
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
) {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function migrate(url: string): Promise<void> {
  await ensureDatabase(url);
  const applied = await runMigrations(url);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
}

/** Runs the API and the worker as two processes, as in production, and stops both together. */
function startPlatform(env: NodeJS.ProcessEnv): void {
  const children = ['main.js', 'worker.js'].map((entry) =>
    spawn(process.execPath, [join(__dirname, entry)], { stdio: 'inherit', env }),
  );
  const stop = (signal: NodeJS.Signals) => children.forEach((child) => child.kill(signal));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const child of children) {
    child.on('exit', (code) => {
      if (code) {
        console.error(`A platform process stopped with code ${code}; stopping the other.`);
        stop('SIGTERM');
        process.exitCode = code;
      }
    });
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
    },
  });
  const env = validateEnvironment(process.env);
  switch (positionals[0]) {
    case 'migrate':
      return migrate(env.DATABASE_URL);
    case 'create-admin': {
      if (!values.email || !values.password) throw new Error('create-admin needs --email and --password');
      const { email, password } = values;
      const user = await withContext((app) =>
        app
          .get(UsersService)
          .create({ email, password, displayName: values.name ?? 'Administrator', role: 'admin' }, null),
      );
      console.log(`Administrator ${user.email} created (id ${user.id}).`);
      return;
    }
    case 'invite': {
      const role = values.role as Role;
      if (!values.email || !values.name || !ROLES.includes(role)) {
        throw new Error(`invite needs --email, --name and --role (one of ${ROLES.join(', ')})`);
      }
      const { email, name } = values;
      const { token } = await withContext((app) =>
        app.get(InvitationsService).create({ email, displayName: name, role }, null),
      );
      console.log(`Invitation link: ${env.PUBLIC_URL}/accept-invitation?token=${token}`);
      return;
    }
    case 'demo': {
      await migrate(env.DATABASE_URL);
      const { password, accounts } = await withContext((app) => app.get(DemoSeed).run());
      const jwtSecret = process.env.JWT_SECRET ?? randomBytes(48).toString('base64url');
      console.log(
        [
          '',
          'Demo accounts (password for all of them, new at every run):',
          ...accounts.map((account) => `  ${account.role.padEnd(12)} ${account.email}`),
          `  password     ${password}`,
          '',
          `API:      http://localhost:${env.PORT}/api/v1   Swagger UI: http://localhost:${env.PORT}/docs`,
          '',
        ].join('\n'),
      );
      startPlatform({ ...process.env, JWT_SECRET: jwtSecret });
      return;
    }
    default:
      console.log(USAGE);
      if (positionals[0] && positionals[0] !== 'help') process.exitCode = 1;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
