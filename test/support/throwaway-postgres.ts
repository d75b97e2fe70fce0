import { execFile, execFileSync } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDatabase, runMigrations } from '../../src/database/migrate';
import { freePort } from './throwaway-redis';

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder, trust authentication, a free port), so a
 * fault test can stop and start it without touching the machine's shared PostgreSQL. PostgreSQL refuses to run as
 * root: under root its commands run as the `postgres` user, who then owns the folder.
 */
export class ThrowawayPostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'throwaway-postgres-'));
  private readonly data = join(this.dir, 'data');
  private readonly owner = process.getuid?.() === 0 ? 'postgres' : undefined;

  private constructor(readonly port: number) {}

  /** Creates the cluster and starts it; the caller must `close()` it. */
  static async create(): Promise<ThrowawayPostgres> {
    const cluster = new ThrowawayPostgres(await freePort());
    try {
      await cluster.init();
      await cluster.start();
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /** The URL of a database on this cluster. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates the database and brings it to the current schema, as a deployment does. */
  async migrate(database: string): Promise<string> {
    const url = this.url(database);
    await ensureDatabase(url);
    await runMigrations(url);
    return url;
  }

  /** Starts it (again) on the same port; returns once it accepts connections. */
  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      // Nothing here needs to survive a crash of the machine: spare the shared disk.
      '-c fsync=off',
      '-c full_page_writes=off',
    ].join(' ');
    await this.pgCtl('start', '-w', '-t', '60', '-l', join(this.dir, 'server.log'), '-o', options);
  }

  /**
   * Stops it as a restart would: `fast` ends every session at once (what an operator's restart does),
   * `immediate` is a crash. Returns once the server is gone.
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pgCtl('stop', '-w', '-t', '60', '-m', mode);
  }

  get running(): boolean {
    return existsSync(join(this.data, 'postmaster.pid'));
  }

  /** Stops the server if it runs and deletes the folder; never throws, so that cleanup goes on. */
  async close(): Promise<void> {
    if (this.running) await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async init(): Promise<void> {
    mkdirSync(this.data, { mode: 0o700 });
    chmodSync(this.dir, 0o700);
    if (this.owner) {
      const uid = Number(execFileSync('id', ['-u', this.owner]).toString());
      const gid = Number(execFileSync('id', ['-g', this.owner]).toString());
      chownSync(this.dir, uid, gid);
      chownSync(this.data, uid, gid);
    }
    await this.exec(
      'initdb',
      '-D',
      this.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    );
  }

  private pgCtl(...args: string[]): Promise<void> {
    return this.exec('pg_ctl', '-D', this.data, ...args);
  }

  private async exec(program: string, ...args: string[]): Promise<void> {
    const binary = join(BIN, program);
    const [file, argv] = this.owner ? ['runuser', ['-u', this.owner, '--', binary, ...args]] : [binary, args];
    try {
      await run(file, argv, { cwd: this.dir, timeout: 90_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${program} ${args[0] ?? ''} failed: ${stderr || stdout || (error as Error).message}`);
    }
  }
}
