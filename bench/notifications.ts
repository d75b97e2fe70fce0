import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import { QUEUES } from '../src/queues/queues';

/**
 * `npm run bench:notifications`: 10,000 notifications through the whole path — outbox rows committed in one
 * transaction, the relay, the BullMQ queue, the real worker process, SMTP — to a local listener that counts them.
 * Prints notifications per second from the commit to the 10,000th message received, and the worker's peak memory.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/twinning_bench_notif';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'bench-notif';
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const CONCURRENCY = process.env.NOTIFICATION_CONCURRENCY ?? '50';
/** BENCH_SMTP_LATENCY_MS: how long the listener takes to accept a message, as a remote server would. */
const LATENCY_MS = Number(process.env.BENCH_SMTP_LATENCY_MS ?? 0);
const root = join(__dirname, '..');

/** Counts messages without parsing them: the listener must not be what limits the figure. */
class CountingListener {
  received = 0;
  private waiter?: { target: number; resolve: () => void };
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1_000,
    onData: (stream, _session, done) => {
      const accept = () => {
        this.received += 1;
        if (this.waiter && this.received >= this.waiter.target) this.waiter.resolve();
        done();
      };
      stream.on('end', () => (LATENCY_MS ? setTimeout(accept, LATENCY_MS) : accept()));
      stream.resume();
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Resolves when `target` messages in all have arrived, with the moment the last one did. */
  until(target: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.received} of ${target} messages within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(performance.now());
      };
      if (this.received >= target) done();
      else this.waiter = { target, resolve: done };
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Peak and current resident memory of a process, from the kernel's own record (MiB). */
function memoryOf(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kib('VmHWM') / 1024, current: kib('VmRSS') / 1024 };
}

/** CPU seconds a process has used (user + system); /proc counts in USER_HZ, which is 100 on Linux. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of the PostgreSQL backends serving the benchmark's database (others may share the server). */
async function databaseCpuSeconds(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const seconds = new Map<number, number>();
  for (const { pid } of rows as Array<{ pid: number }>) {
    try {
      seconds.set(pid, cpuSecondsOf(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  return seconds;
}

/** One transaction, one multi-row INSERT: the outbox as a burst of invitations would leave it. */
async function commitNotifications(db: Client, run: string, count: number): Promise<void> {
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO notifications (recipient_email, locale, type, subject_type, title, body, email_status)
     SELECT 'bench-' || $1::text || '-' || i || '@example.org', 'en', 'invitation', 'invitation',
            'You are invited to the twinning programme',
            'Hello Participant ' || i || E',\n\nyou have been invited to join the twinning programme as participant.\n' ||
            'Set your password here: https://twinning.example.org/accept-invitation?token=' || md5($1::text || i) ||
            E'\n\nThe link is valid until 2027-01-15.',
            'pending'
       FROM generate_series(1, $2::int) AS i`,
    [run, count],
  );
  await db.query('COMMIT');
}

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query('TRUNCATE notifications');
  const queue = new Queue(QUEUES.notifications, {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix: `${PREFIX}:bull`,
  });
  await queue.obliterate({ force: true });

  const listener = new CountingListener();
  const SMTP_URL = await listener.start();
  const worker: ChildProcess = spawn(
    process.execPath,
    // BENCH_WORKER_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the worker.
    [
      ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '-r',
      'ts-node/register/transpile-only',
      join(root, 'src/worker.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL,
        REDIS_URL,
        REDIS_PREFIX: PREFIX,
        SMTP_URL,
        NOTIFICATION_CONCURRENCY: CONCURRENCY,
        NOTIFICATION_RELAY_INTERVAL_MS: '100',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<never>((_, reject) =>
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) during the benchmark`))),
  );
  exited.catch(() => undefined);
  try {
    // Warm-up: one notification through the whole path shows the worker is up and connected.
    await commitNotifications(db, 'warm-up', 1);
    await Promise.race([listener.until(1, 60_000), exited]);
    const idle = memoryOf(worker.pid!);

    const results: string[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const before = listener.received;
      await commitNotifications(db, `run${run}`, COUNT);
      const committed = performance.now();
      const cpuBefore = cpuSecondsOf(worker.pid!);
      const listenerBefore = process.cpuUsage();
      const databaseBefore = await databaseCpuSeconds(db);
      const last = await Promise.race([listener.until(before + COUNT, 300_000), exited]);
      const seconds = (last - committed) / 1000;
      const memory = memoryOf(worker.pid!);
      const cpu = cpuSecondsOf(worker.pid!) - cpuBefore;
      const listenerUsage = process.cpuUsage(listenerBefore);
      const listenerCpu = (listenerUsage.user + listenerUsage.system) / 1e6;
      let databaseCpu = 0;
      for (const [pid, used] of await databaseCpuSeconds(db)) databaseCpu += used - (databaseBefore.get(pid) ?? 0);
      results.push(
        `run ${run}: ${COUNT} notifications in ${seconds.toFixed(2)} s = ${Math.round(COUNT / seconds)} notifications/s ` +
          `end to end; worker peak RSS ${memory.peak.toFixed(0)} MiB (now ${memory.current.toFixed(0)} MiB), ` +
          `CPU: worker ${cpu.toFixed(1)} s, PostgreSQL ${databaseCpu.toFixed(1)} s, SMTP listener ${listenerCpu.toFixed(1)} s`,
      );
    }

    // None lost, none doubled: every row is marked sent, and nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [{ sent, total }] = (
      await db.query(`SELECT count(*) FILTER (WHERE email_status = 'sent')::int AS sent, count(*)::int AS total
                        FROM notifications`)
    ).rows;
    console.log(
      `bench:notifications — 1 worker process, concurrency ${CONCURRENCY}, relay every 100 ms, ` +
        `local SMTP listener answering in ${LATENCY_MS} ms; worker RSS after start ${idle.current.toFixed(0)} MiB`,
    );
    for (const line of results) console.log(line);
    console.log(`check: ${sent} of ${total} rows sent, ${listener.received} messages received`);
    if (sent !== total || listener.received !== total) throw new Error('notifications were lost or sent twice');
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve(null)));
    await queue.close();
    // The worker's other queues keep schedules under the benchmark's prefix: nothing of it stays in Redis.
    for (const name of Object.values(QUEUES)) {
      const leftover = new Queue(name, { connection: { url: REDIS_URL }, prefix: `${PREFIX}:bull` });
      await leftover.obliterate({ force: true }).catch(() => undefined);
      await leftover.close();
    }
    await db.query('TRUNCATE notifications').catch(() => undefined);
    await db.end();
    await listener.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
