import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { Role } from '../../src/common/auth/role';
import { testEnvironment } from './environment';
import { aUser, TEST_PASSWORD } from './builders';

/** Empties every table but the migrations' own, and every Redis key of the test prefix. */
export async function resetState(dataSource: DataSource): Promise<void> {
  const tables: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
  );
  if (tables.length) {
    await dataSource.query(
      `TRUNCATE ${tables.map((table) => `"${table.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  }
  const redis = new Redis(testEnvironment.REDIS_URL);
  try {
    const keys = await redis.keys(`${testEnvironment.REDIS_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** The real API (same modules, same setup as main.ts) on the test database and Redis, spoken to over HTTP. */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataSource: DataSource,
  ) {}

  /**
   * `env` overrides the test environment for this test file's app (one app per file: modules read it once);
   * `onAdapter` sees the Fastify adapter before any route is registered.
   */
  static async start(
    env: Record<string, string> = {},
    onAdapter: (adapter: FastifyAdapter) => void = () => undefined,
  ): Promise<TestApp> {
    const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
      // Imported here, not at the top: configuration is read when the module is first loaded, after `env` is set.
      const { AppModule } = await import('../../src/app.module');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      const adapter = createFastifyAdapter();
      onAdapter(adapter);
      const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { bufferLogs: true });
      try {
        await configureApp(app);
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
      } catch (error) {
        // A half-started app keeps connections open; close it so the test fails instead of hanging.
        await app.close().catch(() => undefined);
        throw error;
      }
      const dataSource = app.get<DataSource>(getDataSourceToken());
      await resetState(dataSource);
      return new TestApp(app, dataSource);
    } finally {
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  http(): TestAgent {
    return request(this.app.getHttpServer());
  }

  /** Creates a user of the role and signs in through the API, as a client would. */
  async signIn(
    role: Role,
    overrides: Parameters<typeof aUser>[1] = {},
  ): Promise<{ token: string; refreshToken: string; userId: string; email: string }> {
    const user = await aUser(this, { role, ...overrides });
    const response = await this.http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: overrides.password ?? TEST_PASSWORD })
      .expect(200);
    return {
      token: response.body.accessToken,
      refreshToken: response.body.refreshToken,
      userId: user.id,
      email: user.email,
    };
  }

  get<T>(token: string | symbol | (abstract new (...args: never[]) => T)): T {
    return this.app.get(token as never);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
