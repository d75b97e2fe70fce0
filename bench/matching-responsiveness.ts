import { Queue, QueueEvents } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import { DEFAULT_WEIGHTS } from '../src/matching/engine/score';
import { MATCHING_JOBS, QUEUES } from '../src/queues/queues';
import { cohortOfSize } from './matching-instances';

/**
 * `npm run bench:matching-api`: is the API still answering while the worker computes a 10,000 × 2,000 run?
 * Starts the real API and worker processes on a database of their own, puts one large run on the queue,
 * and times requests to the API before and during the run.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/twinning_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'twinning-bench';
const PORT = 3987;
const root = join(__dirname, '..');

function start(entry: string): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, entry)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL, REDIS_URL, REDIS_PREFIX: PREFIX, PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Request latencies (ms) to the API's liveness route, one every 20 ms, while `busy()` holds. */
async function sample(busy: () => boolean, atLeast: number): Promise<number[]> {
  const latencies: number[] = [];
  while (busy() || latencies.length < atLeast) {
    const started = performance.now();
    await fetch(`http://127.0.0.1:${PORT}/health/live`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const describe = (values: number[]) =>
  `n=${values.length}  p50 ${percentile(values, 50).toFixed(1)} ms  p99 ${percentile(values, 99).toFixed(1)} ms  ` +
  `max ${Math.max(...values).toFixed(1)} ms`;

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const input = cohortOfSize(10_000, 2_000);
  const [cohort] = (
    await db.query(
      `INSERT INTO cohorts (name, sides, application_opens_on, application_closes_on, exchange_windows,
                            min_placement_days, max_placement_days, grant_rules, report_questions, status)
       VALUES ($1, '{EU,CN}', '2027-01-01', '2027-03-31', $2, 28, 56, '{}', '{}', 'matching') RETURNING id`,
      [`Benchmark ${Date.now()}`, JSON.stringify(input.rules.windows)],
    )
  ).rows;
  // The run carries its input snapshot, as a run does after its first attempt: the worker computes from it.
  const [run] = (
    await db.query(
      `INSERT INTO matching_runs (cohort_id, algorithm, weights, input) VALUES ($1, 'optimal', $2, $3) RETURNING id`,
      [cohort.id, JSON.stringify(DEFAULT_WEIGHTS), JSON.stringify(input)],
    )
  ).rows;

  const api = start('src/main.ts');
  const worker = start('src/worker.ts');
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUES.matching, { connection, prefix: `${PREFIX}:bull` });
  const events = new QueueEvents(QUEUES.matching, { connection, prefix: `${PREFIX}:bull` });
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok, 'the API');
    await events.waitUntilReady();
    const idle = await sample(() => false, 100);

    const job = await queue.add(MATCHING_JOBS.run, { runId: run.id }, { jobId: run.id });
    let running = true;
    const done = job.waitUntilFinished(events, 120_000).finally(() => (running = false));
    const started = performance.now();
    const during = await sample(() => running, 10);
    await done;
    const seconds = (performance.now() - started) / 1000;
    const [finished] = (await db.query(`SELECT status, statistics FROM matching_runs WHERE id = $1`, [run.id])).rows;

    console.log(`API /health/live, idle:                          ${describe(idle)}`);
    console.log(`API /health/live, during a 10,000×2,000 run:      ${describe(during)}`);
    console.log(`run: ${finished.status}, ${finished.statistics.placed} placed, ${seconds.toFixed(1)} s in the worker`);
  } finally {
    await events.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await db.query(`DELETE FROM cohorts WHERE id = $1`, [cohort.id]);
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
