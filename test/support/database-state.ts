import type { DataSource } from 'typeorm';

/** Per table of the public schema: its row count and a digest of its rows, to tell that a request changed nothing. */
export type DatabaseState = Record<string, { rows: number; digest: string }>;

export async function databaseState(dataSource: DataSource): Promise<DatabaseState> {
  const tables: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  );
  const rows: Array<{ name: string; rows: number; digest: string }> = await dataSource.query(
    tables
      .map(
        ({ tablename }) =>
          `SELECT '${tablename}' AS name, count(*)::int AS rows,
                  md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest
             FROM "${tablename}" t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map(({ name, ...state }) => [name, state]));
}

/** The tables whose rows differ, with their counts before and after. */
export function changedTables(before: DatabaseState, after: DatabaseState): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((table) => before[table]?.digest !== after[table]?.digest)
    .map(
      (table) => `${table} (${before[table]?.rows ?? 'absent'} rows before, ${after[table]?.rows ?? 'absent'} after)`,
    );
}
