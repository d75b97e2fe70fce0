import { recreateDatabase } from '../../src/database/migrate';
import { testEnvironment } from './environment';

/** A fresh test database for the run, built by the migrations themselves (never by synchronize). */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(testEnvironment.DATABASE_URL);
}
