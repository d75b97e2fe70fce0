/**
 * The environment every HTTP test runs in: its own database and Redis prefix, so a test run never touches
 * the demo's data, and quiet logs. Loaded before each test file (jest setupFiles) and by the global setup.
 */
const defaults: Record<string, string> = {
  NODE_ENV: 'test',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/twinning_test',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: process.env.TEST_REDIS_PREFIX ?? 'twinning-test',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'test-secret-that-is-only-used-by-the-test-suite',
  // Every test request comes from 127.0.0.1: the per-address limit is tested on its own.
  LOGIN_LIMIT_PER_ADDRESS: '10000',
};

for (const [key, value] of Object.entries(defaults)) process.env[key] = value;

export const testEnvironment = defaults;
