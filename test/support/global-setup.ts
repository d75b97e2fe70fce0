import { ensureDatabase, runMigrations } from '../../src/database/migrate';
import { Client } from 'pg';
import { testEnvironment } from './environment';

/** A fresh test database for the run, built by the migrations themselves (never by synchronize). */
export default async function globalSetup(): Promise<void> {
  const url = testEnvironment.DATABASE_URL;
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await ensureDatabase(url);
  await runMigrations(url);
}
