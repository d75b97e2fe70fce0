import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp } from './support/test-app';

describe('Request log (HTTP)', () => {
  let app: TestApp;
  const file = join(mkdtempSync(join(tmpdir(), 'request-log-')), 'api.log');

  beforeAll(async () => {
    app = await TestApp.start({ LOG_LEVEL: 'info', LOG_FILE: file });
  });

  afterAll(() => app.close());

  it('writes one short line per API request with its status, and none for health checks', async () => {
    await app.http().get('/health/live').expect(200);
    await app.http().get('/health/ready').expect(200);
    await app.http().get('/api/v1/auth/me').expect(401);

    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { req?: { path: string }; res?: Record<string, unknown> });
    const requests = lines.filter((line) => line.req && line.res);
    expect(requests.map((line) => line.req!.path)).toEqual(['/api/v1/auth/me']);
    // The status alone: the answer's headers would triple the line and tell a reader nothing.
    expect(requests[0].res).toEqual({ statusCode: 401 });
  });
});
