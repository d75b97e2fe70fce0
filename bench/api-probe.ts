import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';

/**
 * Preloaded into the API process by `BENCH_PROFILE=1 npm run bench:api` (never in production). Each `{ probe: 'open' | 'close' }`
 * message opens or closes a measuring window; while one is open, the V8 CPU profiler samples and every SQL statement sent through
 * `pg` is counted and timed, as is the wait for a pooled connection. Closing window n writes
 * `window-<n>.cpuprofile` and `window-<n>.json` into BENCH_PROBE_DIR.
 */
export interface StatementFigures {
  sql: string;
  calls: number;
  totalMs: number;
  maxMs: number;
  /** The parameters of the first call, so that the benchmark can EXPLAIN the statement. */
  parameters: unknown[];
}

export interface WindowFigures {
  statements: StatementFigures[];
  poolWaits: number;
  poolWaitMs: number;
  poolWaitMaxMs: number;
}

const directory = process.env.BENCH_PROBE_DIR ?? '.';
let statements = new Map<string, StatementFigures>();
let pool = { waits: 0, totalMs: 0, maxMs: 0 };
let open = false;
let windows = 0;

type Callback = (...args: unknown[]) => void;

/** Wraps a callback-or-promise call so that `done` runs once it settles, whichever style the caller used. */
function timed(call: (args: unknown[]) => unknown, args: unknown[], done: (ms: number) => void): unknown {
  const started = performance.now();
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    const callback = last as Callback;
    return call([
      ...args.slice(0, -1),
      (...results: unknown[]) => {
        done(performance.now() - started);
        callback(...results);
      },
    ]);
  }
  const result = call(args);
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    void (result as Promise<unknown>).then(
      () => done(performance.now() - started),
      () => done(performance.now() - started),
    );
  }
  return result;
}

// TypeORM builds the same text again for every request: normalise each distinct text once.
const texts = new Map<string, string>();
const normalised = (sql: string) => {
  let text = texts.get(sql);
  if (text === undefined) texts.set(sql, (text = sql.replace(/\s+/g, ' ').trim()));
  return text;
};

const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  if (!open) return query.apply(this, args);
  const config = args[0] as string | { text?: string; values?: unknown[] };
  const sql = normalised(typeof config === 'string' ? config : (config?.text ?? ''));
  const parameters = (Array.isArray(args[1]) ? args[1] : typeof config === 'object' ? config?.values : []) ?? [];
  return timed(
    (actual) => query.apply(this, actual),
    args,
    (ms) => {
      const figures = statements.get(sql) ?? { sql, calls: 0, totalMs: 0, maxMs: 0, parameters };
      figures.calls += 1;
      figures.totalMs += ms;
      figures.maxMs = Math.max(figures.maxMs, ms);
      statements.set(sql, figures);
    },
  );
} as typeof Client.prototype.query;

// pg.Pool extends pg-pool's Pool, which holds connect().
const poolPrototype = Object.getPrototypeOf(Pool.prototype) as { connect: (...args: unknown[]) => unknown };
const connect = poolPrototype.connect;
poolPrototype.connect = function (this: unknown, ...args: unknown[]) {
  if (!open) return connect.apply(this, args);
  return timed(
    (actual) => connect.apply(this, actual),
    args,
    (ms) => {
      pool.waits += 1;
      pool.totalMs += ms;
      pool.maxMs = Math.max(pool.maxMs, ms);
    },
  );
};

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<Record<string, unknown>>((resolve, reject) =>
    session.post(method, params, (error, result) =>
      error ? reject(error) : resolve(result as Record<string, unknown>),
    ),
  );

/** The benchmark opens and closes windows over the IPC channel (signals are the application's: Nest ends on them). */
process.on('message', (message: { probe?: 'open' | 'close' }) => {
  if (message.probe === 'open' && !open) {
    statements = new Map();
    pool = { waits: 0, totalMs: 0, maxMs: 0 };
    open = true;
    void post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
      .then(() => post('Profiler.start'))
      .then(() => process.send?.({ probe: 'opened' }));
    return;
  }
  if (message.probe !== 'close' || !open) return;
  open = false;
  windows += 1;
  const name = join(directory, `window-${windows}`);
  void post('Profiler.stop').then(({ profile }) => {
    writeFileSync(`${name}.cpuprofile`, JSON.stringify(profile));
    const figures: WindowFigures = {
      statements: [...statements.values()],
      poolWaits: pool.waits,
      poolWaitMs: pool.totalMs,
      poolWaitMaxMs: pool.maxMs,
    };
    writeFileSync(`${name}.json`, JSON.stringify(figures));
    process.send?.({ probe: 'closed', name });
  });
});
// The channel must not keep the API alive at shutdown.
process.channel?.unref();
