import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_PASSWORD } from './support/builders';
import { TestApp } from './support/test-app';

const root = join(__dirname, '..');
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('Processes and command line', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(() => app.close());

  it('`cli create-admin` makes an administrator who can sign in', async () => {
    const result = run('src/cli.ts', [
      'create-admin',
      '--email',
      'First.Admin@example.org',
      '--password',
      TEST_PASSWORD,
      '--name',
      'First',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Administrator first.admin@example.org created');
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'first.admin@example.org', password: TEST_PASSWORD })
      .expect(200);
    expect(login.body.user.role).toBe('admin');

    const again = run('src/cli.ts', [
      'create-admin',
      '--email',
      'first.admin@example.org',
      '--password',
      TEST_PASSWORD,
    ]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('the API and the worker refuse to start on malformed configuration, naming the variable', () => {
    for (const entry of ['src/main.ts', 'src/worker.ts']) {
      const result = run(entry, [], { REDIS_URL: 'http://nowhere', LOG_LEVEL: 'silent' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('REDIS_URL');
    }
    const production = run('src/main.ts', [], { NODE_ENV: 'production', JWT_SECRET: '' });
    expect(production.status).toBe(1);
    expect(production.stderr).toContain('JWT_SECRET');
  });
});
