import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import { testEnvironment } from './support/environment';

/** On a scratch database: migrations build exactly the schema the entities describe, and each one reverts. */
describe('Migrations', () => {
  const url = new URL(testEnvironment.DATABASE_URL);
  url.pathname = '/twinning_migrations_check';
  const scratch = url.toString();

  const dropScratch = async () => {
    const admin = new URL(scratch);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS twinning_migrations_check WITH (FORCE)');
    await client.end();
  };

  beforeAll(async () => {
    await dropScratch();
    await ensureDatabase(scratch);
  });

  afterAll(dropScratch);

  it('applies on an empty database, leaves nothing for migration:generate, and reverts step by step', async () => {
    const applied = await runMigrations(scratch);
    expect(applied.length).toBeGreaterThan(0);
    expect(await runMigrations(scratch)).toEqual([]);

    const dataSource = await new DataSource(dataSourceOptions(scratch, 2)).initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);

      for (let step = applied.length; step > 0; step--) {
        await dataSource.undoLastMigration({ transaction: 'each' });
        const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM migrations');
        expect(count).toBe(step - 1);
      }
      const tables: Array<{ tablename: string }> = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      );
      expect(tables.map((table) => table.tablename)).toEqual(['migrations']);
      const types: unknown[] = await dataSource.query(
        `SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
      );
      expect(types).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
