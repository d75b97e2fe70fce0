import autocannon from 'autocannon';
import { ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { defaultExchangeWindows, DEFAULT_GRANT_RULES, DEFAULT_REPORT_QUESTIONS } from '../src/cohorts/grant-rules';
import { addDays, daysInclusive } from '../src/common/time';
import { ACTIVITY_TYPES, THEMATIC_AREAS } from '../src/common/vocabulary';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import { checklistFor } from '../src/placements/checklist';
import { PlacementListQuery } from '../src/placements/dto/placement-requests.dto';
import { computeGrant } from '../src/placements/grant-calculator';
import { PlacementsService } from '../src/placements/placements.service';
import { reportDueDates } from '../src/participant-reports/report-status';
import { User } from '../src/users/user.entity';
import { hashPassword } from '../src/users/password';
import type { WindowFigures } from './api-probe';
import type { RawServerSpec } from './api-raw';

/**
 * `npm run bench:api`: the API built and started as in production (`node dist/src/main.js`, NODE_ENV=production,
 * LOG_LEVEL info, a pool of 10) on a database of its own seeded with one active cohort of 1,000 placements, and
 * measured with autocannon, 50 connections for 10 s each, on:
 *   (a) GET  /api/v1/placements?page=1&pageSize=20 as a coordinator, beside a raw `http` + `pg` server that
 *       answers it with the same SQL (bench/api-raw.ts): the framework's share of the cost;
 *   (b) GET  /api/v1/reports/cohorts/{id}/summary as a coordinator (skipped while the route does not exist);
 *   (c) POST /api/v1/exchange-logs as participants logging days of their own in-progress placements;
 *   (d) POST /api/v1/auth/login, at 50 and at 4 connections (the login limits are raised for the API process, so
 *       that the limiter does not answer instead of argon2).
 * Each line gives the rate, latencies, failures, and the CPU the server and PostgreSQL spent per request, which the
 * other work on a shared machine disturbs much less than rates and latencies.
 * BENCH_ROUNDS=n repeats the measurements and prints their spread; BENCH_SKIP_BUILD=1 reuses dist/, BENCH_API_DIST
 * runs another build's output; BENCH_PROFILE=1 measures (a) and (c) once each under the CPU profiler and SQL
 * counter of bench/api-probe.ts and prints where the time goes, with the plans of the statements.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/twinning_bench_api';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = process.env.BENCH_REDIS_PREFIX ?? 'bench-api';
const CONNECTIONS = 50;
const FEW_LOGINS = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** The API's default; the raw server gets the same. */
const POOL_SIZE = 10;
const PASSWORD = 'benchmark password that is long enough';
const TODAY = new Date().toISOString().slice(0, 10);
const root = join(__dirname, '..');

// ---------------------------------------------------------------------------------------------------------------
// Seed: one active cohort of this year, EU and CN organisations, 1,000 placements with their applications,
// twinning pairs, checklists, reports and logs, a few joint projects. Multi-row inserts from JSON, so it takes
// seconds; every run starts from the same data.
// ---------------------------------------------------------------------------------------------------------------

const ORGANISATIONS_PER_SIDE = 60;
const PLACEMENTS_PER_SIDE = 500;
const REJECTED_PER_SIDE = 150;
/** Participants who write logs in (c): each owns one in-progress placement. */
const LOGGERS = 50;

type Row = Record<string, unknown>;
type City = [country: string, city: string, latitude: number, longitude: number, language: string];
const EU_CITIES: City[] = [
  ['DE', 'Berlin', 52.52, 13.405, 'de'],
  ['FR', 'Paris', 48.8566, 2.3522, 'fr'],
  ['BE', 'Brussels', 50.8503, 4.3517, 'fr'],
  ['ES', 'Madrid', 40.4168, -3.7038, 'es'],
  ['IT', 'Rome', 41.9028, 12.4964, 'it'],
  ['AT', 'Vienna', 48.2082, 16.3738, 'de'],
  ['PL', 'Warsaw', 52.2297, 21.0122, 'pl'],
  ['NL', 'Amsterdam', 52.3676, 4.9041, 'nl'],
  ['PT', 'Lisbon', 38.7223, -9.1393, 'pt'],
  ['CZ', 'Prague', 50.0755, 14.4378, 'cs'],
];
const CN_CITIES: City[] = [
  ['CN', 'Beijing', 39.9042, 116.4074, 'zh'],
  ['CN', 'Shanghai', 31.2304, 121.4737, 'zh'],
  ['CN', 'Chengdu', 30.5728, 104.0668, 'zh'],
  ['CN', 'Kunming', 25.0389, 102.7183, 'zh'],
  ['CN', 'Guangzhou', 23.1291, 113.2644, 'zh'],
  ['CN', 'Wuhan', 30.5928, 114.3055, 'zh'],
  ['CN', "Xi'an", 34.3416, 108.9398, 'zh'],
  ['CN', 'Lanzhou', 36.0611, 103.8343, 'zh'],
  ['CN', 'Nanjing', 32.0603, 118.7969, 'zh'],
  ['CN', 'Hangzhou', 30.2741, 120.1551, 'zh'],
];
const ORGANISATION_KINDS = ['ngo', 'ngo', 'think_tank', 'social_enterprise', 'academic', 'foundation'] as const;
const FOCUS = ['Water Alliance', 'Green Futures', 'Community Action', 'Rural Development Centre', 'Women’s Network'];
const GIVEN = [
  'Anna',
  'Lukas',
  'Marie',
  'Jan',
  'Sofia',
  'Pierre',
  'Elena',
  'Tomás',
  'Wang Fang',
  'Li Wei',
  'Zhang Min',
];
const FAMILY = ['Schmidt', 'Dubois', 'García', 'Rossi', 'Nowak', 'Jansen', 'Silva', 'Novák', 'Chen', 'Liu', 'Huang'];
const GENDERS = ['female', 'male', 'female', 'male', 'non_binary', 'undisclosed'] as const;

const daysBetween = (from: string, to: string) => daysInclusive(from, to) - 1;

/** One statement per 5,000 rows: the rows travel as one JSON parameter and are spread into columns by name. */
async function insertRows(db: Client, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0])
    .map((column) => `"${column}"`)
    .join(', ');
  for (let start = 0; start < rows.length; start += 5_000) {
    await db.query(
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
      [JSON.stringify(rows.slice(start, start + 5_000))],
    );
  }
}

interface LoggingParticipant {
  email: string;
  placementId: string;
  startsOn: string;
  days: number;
  token?: string;
}

interface World {
  cohortId: string;
  coordinator: { id: string; email: string };
  loggers: LoggingParticipant[];
  counts: Record<string, number>;
}

async function seed(db: Client): Promise<World> {
  const { rows: tables } = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
  );
  await db.query(`TRUNCATE ${tables.map(({ tablename }) => `"${tablename}"`).join(', ')} CASCADE`);

  // One hash for every account: argon2 at the OWASP minimum costs tens of milliseconds a time.
  const passwordHash = await hashPassword(PASSWORD);
  const coordinator = { id: randomUUID(), email: 'coordinator@bench.example' };
  const funderOrganisation = randomUUID();
  const cohortId = randomUUID();
  const year = Number(TODAY.slice(0, 4));
  const windows = defaultExchangeWindows(['EU', 'CN'], year);

  const organisations: Row[] = [];
  const side = (region: 'EU' | 'CN', cities: City[]) =>
    Array.from({ length: ORGANISATIONS_PER_SIDE }, (_, i) => {
      const [country, city, latitude, longitude, language] = cities[i % cities.length];
      const row = {
        id: randomUUID(),
        name: `${city} ${FOCUS[i % FOCUS.length]} ${Math.floor(i / cities.length) + 1}`,
        type: ORGANISATION_KINDS[i % ORGANISATION_KINDS.length],
        region,
        country,
        city,
        latitude,
        longitude,
        thematic_areas: [THEMATIC_AREAS[i % 8], THEMATIC_AREAS[(i + 3) % 8]],
        working_languages: region === 'CN' ? ['zh', 'en'] : [language, 'en'],
        hosting_capacity: 10,
        contact_email: `contact-${region.toLowerCase()}-${i}@bench.example`,
        website: `https://${region.toLowerCase()}-${i}.bench.example`,
      };
      organisations.push(row);
      return row;
    });
  const eu = side('EU', EU_CITIES);
  const cn = side('CN', CN_CITIES);
  organisations.push({
    ...eu[0],
    id: funderOrganisation,
    name: 'Bench Foundation for Civil Society',
    type: 'funder',
    hosting_capacity: 0,
    contact_email: 'grants@bench.example',
  });

  const users: Row[] = [
    { id: randomUUID(), email: 'admin@bench.example', display_name: 'Admin', role: 'admin', organisation_id: null },
    {
      id: coordinator.id,
      email: coordinator.email,
      display_name: 'Coordinator',
      role: 'coordinator',
      organisation_id: null,
    },
    {
      id: randomUUID(),
      email: 'funder@bench.example',
      display_name: 'Funder',
      role: 'funder',
      organisation_id: funderOrganisation,
    },
  ];
  const staff: Row[] = [];
  const applications: Row[] = [];
  const placements: Row[] = [];
  const pairs = new Map<string, Row>();
  const checklist: Row[] = [];
  const reports: Row[] = [];
  const logs: Row[] = [];
  const loggers: LoggingParticipant[] = [];

  for (const [travelling, homes, hosts, window] of [
    ['EU', eu, cn, windows[0]],
    ['CN', cn, eu, windows[1]],
  ] as const) {
    for (let k = 0; k < PLACEMENTS_PER_SIDE + REJECTED_PER_SIDE; k++) {
      const placed = k < PLACEMENTS_PER_SIDE;
      const home = homes[k % homes.length];
      const name = `${GIVEN[k % GIVEN.length]} ${FAMILY[(k * 7) % FAMILY.length]} ${travelling}${k}`;
      const userId = placed ? randomUUID() : null;
      const email = `${travelling.toLowerCase()}-${k}@bench.example`;
      if (userId) {
        users.push({
          id: userId,
          email,
          display_name: name,
          role: 'participant',
          organisation_id: null,
          time_zone: travelling === 'CN' ? 'Asia/Shanghai' : 'Europe/Berlin',
          locale: travelling === 'CN' ? 'zh' : 'en',
        });
      }
      const staffId = randomUUID();
      staff.push({
        id: staffId,
        organisation_id: home.id,
        full_name: name,
        email,
        gender: GENDERS[k % GENDERS.length],
        languages:
          travelling === 'CN'
            ? [
                { code: 'zh', level: 'native' },
                { code: 'en', level: 'working' },
              ]
            : [
                { code: (home.working_languages as string[])[0], level: 'native' },
                { code: 'en', level: 'fluent' },
              ],
        expertise: [THEMATIC_AREAS[k % 8], THEMATIC_AREAS[(k + 5) % 8]],
        job_title: 'Programme officer',
        years_of_experience: 2 + (k % 15),
        locale: travelling === 'CN' ? 'zh' : 'en',
        user_id: userId,
      });
      // Each block of 60 is a permutation of the hosts: at most 9 placements per host, many distinct pairs.
      const host = hosts[(k + Math.floor(k / hosts.length) * 7) % hosts.length];
      const applicationId = randomUUID();
      applications.push({
        id: applicationId,
        cohort_id: cohortId,
        staff_id: staffId,
        kind: 'single',
        partner_organisation_id: null,
        exchange_topic: `Exchange on ${THEMATIC_AREAS[k % 8].replace(/_/g, ' ')}`,
        available_from: window.startsOn,
        available_to: window.endsOn,
        preferred_host_ids: [host.id, hosts[(k + 1) % hosts.length].id],
        motivation: 'I want to learn how our partners organise community monitoring and bring it home.',
        work_plan: 'Weeks 1-2: induction and field visits; weeks 3-6: joint pilot; last week: handover.',
        status: placed ? 'accepted' : k % 3 === 0 ? 'withdrawn' : 'rejected',
        decided_at: placed || k % 3 !== 0 ? `${year}-04-20T10:00:00Z` : null,
        decided_by_id: placed || k % 3 !== 0 ? coordinator.id : null,
        withdrawn_at: !placed && k % 3 === 0 ? `${year}-04-02T10:00:00Z` : null,
      });
      if (!placed) continue;

      const startsOn = addDays(window.startsOn, k % 4);
      const endsOn = addDays(startsOn, 27 + (k % 29));
      const ended = k % 25 === 0 ? 'cancelled' : k % 25 === 1 ? 'declined' : null;
      // Europeans travelled in the summer (done); Chinese staff are in Europe now.
      const status = ended ?? (travelling === 'EU' ? 'completed' : 'in_progress');
      const [first, second] = [home.id as string, host.id as string].sort();
      const pairKey = `${first}:${second}`;
      if (!pairs.has(pairKey)) {
        pairs.set(pairKey, {
          id: randomUUID(),
          cohort_id: cohortId,
          first_organisation_id: first,
          second_organisation_id: second,
          exchange_topic: applications[applications.length - 1].exchange_topic,
          origin: 'placement',
        });
      }
      const placementId = randomUUID();
      placements.push({
        id: placementId,
        cohort_id: cohortId,
        staff_id: staffId,
        application_id: applicationId,
        host_organisation_id: host.id,
        starts_on: startsOn,
        ends_on: endsOn,
        status,
        match_score: 55 + ((k * 37) % 40),
        score_breakdown: { thematic: 0.75, preference: 1, language: 0.85, reciprocity: k % 2 },
        mentor_name: k % 3 === 0 ? null : `Mentor ${FAMILY[k % FAMILY.length]}`,
        twinning_pair_id: pairs.get(pairKey)!.id,
        grant: computeGrant({
          startsOn,
          endsOn,
          hostSide: host.region as string,
          home: { latitude: home.latitude as number, longitude: home.longitude as number },
          host: { latitude: host.latitude as number, longitude: host.longitude as number },
          rules: DEFAULT_GRANT_RULES,
        }),
        grant_frozen_at: status === 'completed' ? `${endsOn}T12:00:00Z` : null,
        cancellation_reason: status === 'cancelled' ? 'Visa refused' : null,
      });
      if (ended) continue;

      for (const item of checklistFor({
        startsOn,
        travellerSide: travelling,
        hostSide: host.region as string,
        hostCountry: host.country as string,
      })) {
        checklist.push({
          placement_id: placementId,
          key: item.key,
          title: item.title,
          required: item.required,
          due_on: item.dueOn,
          done_at: `${item.dueOn}T09:00:00Z`,
          done_by_id: userId,
        });
      }
      const due = reportDueDates({ startsOn, endsOn });
      for (const kind of ['midterm', 'final'] as const) {
        const handedIn = due[kind] < TODAY && k % 10 !== 3;
        reports.push({
          placement_id: placementId,
          kind,
          due_on: due[kind],
          status: !handedIn ? 'due' : k % 4 === 0 ? 'submitted' : 'accepted',
          answers: handedIn
            ? DEFAULT_REPORT_QUESTIONS[kind].map((question) => ({ question, answer: 'Detailed answer. '.repeat(20) }))
            : [],
          submitted_at: handedIn ? `${due[kind]}T18:00:00Z` : null,
          reviewed_at: handedIn && k % 4 !== 0 ? `${addDays(due[kind], 3)}T10:00:00Z` : null,
          reviewed_by_id: handedIn && k % 4 !== 0 ? coordinator.id : null,
        });
      }
      // A log every other day so far, 2-8 hours each: at most 8 of a day's 24.
      const lastDay = endsOn < TODAY ? endsOn : TODAY;
      for (let day = 0, n = 0; addDays(startsOn, day) <= lastDay && n < 16; day += 2, n++) {
        logs.push({
          placement_id: placementId,
          logged_on: addDays(startsOn, day),
          hours: 2 + ((k + n) % 7),
          activity_type: ACTIVITY_TYPES[(k + n) % ACTIVITY_TYPES.length],
          title: `Day ${day + 1}: ${ACTIVITY_TYPES[(k + n) % ACTIVITY_TYPES.length].replace('_', ' ')} with the host team`,
          description: 'Met the host team and the volunteers; walked the monitoring route; notes shared.',
          learning_outcomes: 'How the host organises volunteers; what we can reuse at home.',
          created_by_id: userId,
        });
      }
      if (status === 'in_progress' && loggers.length < LOGGERS) {
        loggers.push({ email, placementId, startsOn, days: daysBetween(startsOn, endsOn) + 1 });
      }
    }
  }

  const projects: Row[] = [];
  const partners: Row[] = [];
  const statuses = ['idea', 'proposed', 'funded', 'active', 'completed', 'dropped'];
  [...pairs.values()].slice(0, 24).forEach((pair, i) => {
    const id = randomUUID();
    const funded = i % 6 >= 2 && i % 6 <= 4;
    projects.push({
      id,
      cohort_id: cohortId,
      title: `Joint pilot ${i + 1}: ${pair.exchange_topic}`,
      summary: 'A pilot both organisations run together after the exchange.',
      thematic_areas: [THEMATIC_AREAS[i % 8]],
      budget_amount_minor: funded ? 2_000_000 + i * 150_000 : null,
      budget_currency: funded ? 'EUR' : null,
      funding_source: funded ? 'Bench Foundation' : null,
      status: statuses[i % 6],
      starts_on: `${year}-10-01`,
      ends_on: `${year + 1}-09-30`,
      people_reached: i % 6 === 4 ? 400 + i * 10 : null,
    });
    partners.push({ joint_project_id: id, organisation_id: pair.first_organisation_id });
    partners.push({ joint_project_id: id, organisation_id: pair.second_organisation_id });
  });

  await insertRows(db, 'organisations', organisations);
  await insertRows(
    db,
    'users',
    users.map((user) => ({ time_zone: 'UTC', locale: 'en', ...user, password_hash: passwordHash, active: true })),
  );
  await insertRows(db, 'cohorts', [
    {
      id: cohortId,
      name: `Exchange year ${year}`,
      description: 'Benchmark cohort: EU staff travelled in the summer, Chinese staff are in Europe now.',
      sides: ['EU', 'CN'],
      application_opens_on: `${year}-01-15`,
      application_closes_on: `${year}-03-31`,
      exchange_windows: windows,
      min_placement_days: 28,
      max_placement_days: 56,
      grant_rules: DEFAULT_GRANT_RULES,
      report_questions: DEFAULT_REPORT_QUESTIONS,
      status: 'active',
    },
  ]);
  await insertRows(db, 'cohort_funders', [{ cohort_id: cohortId, organisation_id: funderOrganisation }]);
  await insertRows(db, 'staff', staff);
  await insertRows(db, 'applications', applications);
  await insertRows(db, 'twinning_pairs', [...pairs.values()]);
  await insertRows(db, 'placements', placements);
  await insertRows(db, 'placement_checklist_items', checklist);
  await insertRows(db, 'participant_reports', reports);
  await insertRows(db, 'exchange_logs', logs);
  await insertRows(db, 'joint_projects', projects);
  await insertRows(db, 'joint_project_partners', partners);
  await db.query('ANALYZE');
  return {
    cohortId,
    coordinator,
    loggers,
    counts: {
      organisations: organisations.length,
      staff: staff.length,
      applications: applications.length,
      placements: placements.length,
      'exchange logs': logs.length,
      reports: reports.length,
      'twinning pairs': pairs.size,
      'joint projects': projects.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The statements the API issues for (a), captured from TypeORM itself (same entities, same service code), so the
// raw server runs exactly them.
// ---------------------------------------------------------------------------------------------------------------

async function capturePlacementListSql(
  coordinatorId: string,
): Promise<{ userSql: string; countSql: string; pageSql: string }> {
  const captured: string[] = [];
  const logger: TypeOrmLogger = {
    logQuery: (query) => void captured.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const dataSource = await new DataSource({
    ...dataSourceOptions(DATABASE_URL, 1),
    logging: ['query'],
    logger,
  }).initialize();
  try {
    await dataSource.getRepository(User).findOneBy({ id: coordinatorId });
    const userSql = captured.pop()!;
    captured.length = 0;
    const service = new PlacementsService(dataSource, undefined as never, undefined as never, undefined as never);
    await service.list(Object.assign(new PlacementListQuery(), { page: 1, pageSize: 20 }), {
      id: coordinatorId,
      role: 'coordinator',
    });
    const countSql = captured.find((sql) => /^SELECT COUNT\(/i.test(sql));
    const pageSql = captured.find((sql) => sql !== countSql && /^SELECT .* FROM "placements"/is.test(sql));
    if (!countSql || !pageSql) throw new Error(`unexpected statements for the placement list: ${captured.join('\n')}`);
    return { userSql, countSql, pageSql: pageSql.replace(/\s+LIMIT \d+(\s+OFFSET \d+)?\s*$/, '') };
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------------

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU the server process, and the PostgreSQL backends of the benchmark's database, spent per answered request. */
  serverCpuMs: number;
  databaseCpuMs: number;
  /** The machine's 1-minute load average at the end: others share the 2 cores. */
  load: number;
  /** The first answer that was not 2xx, to say what went wrong. */
  firstRefusal?: string;
}

/** CPU milliseconds a process has used (user + system, all threads); /proc counts in USER_HZ, 100 on Linux. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // Gone meanwhile.
  }
}

/** CPU used so far by each backend serving the benchmark's database (other databases share the server). */
async function databaseCpu(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map(({ pid }) => [pid, cpuMsOf(pid)]));
}

/**
 * Rates and latencies under load are at the mercy of whatever else runs on the machine; CPU per request much less
 * so, which is why both are measured.
 */
async function measure(
  name: string,
  target: { server: ChildProcess; db: Client },
  options: autocannon.Options,
  seconds = SECONDS,
  connections = CONNECTIONS,
): Promise<Measured> {
  let firstRefusal: string | undefined;
  const onResponse = (status: number, body: string) => {
    if (status >= 300 && !firstRefusal) firstRefusal = `${status} ${body.slice(0, 300)}`;
  };
  const requests = (options.requests ?? [{}]).map((request) => ({ ...request, onResponse }));
  const pid = target.server.pid!;
  const [serverBefore, databaseBefore] = [cpuMsOf(pid), await databaseCpu(target.db)];
  const result = await autocannon({ ...options, connections, duration: seconds, requests });
  // Requests autocannon gave up on at the end are still being answered: let them finish before what comes next.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const [serverAfter, databaseAfter] = [cpuMsOf(pid), await databaseCpu(target.db)];
  const databaseMs = [...databaseAfter].reduce((sum, [id, ms]) => sum + ms - (databaseBefore.get(id) ?? 0), 0);
  const answered = result['2xx'] + result.non2xx;
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: answered,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    serverCpuMs: (serverAfter - serverBefore) / Math.max(1, answered),
    databaseCpuMs: databaseMs / Math.max(1, answered),
    load: loadavg()[0],
    firstRefusal,
  };
}

const line = (m: Measured) =>
  `${m.name.padEnd(46)} ${m.rps.toFixed(0).padStart(5)} rps  p50 ${String(m.p50).padStart(4)} ms  ` +
  `p99 ${String(m.p99).padStart(5)} ms  err ${m.errors}  non-2xx ${m.non2xx}  ` +
  `cpu/req ${m.serverCpuMs.toFixed(1).padStart(4)} + pg ${m.databaseCpuMs.toFixed(1).padStart(4)} ms  load ${m.load.toFixed(1)}` +
  (m.firstRefusal ? `\n${' '.repeat(48)}first refusal: ${m.firstRefusal}` : '');

async function signIn(base: string, email: string): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login of ${email}: ${response.status} ${await response.text()}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sub: string };
  return { token: accessToken, userId: claims.sub };
}

/**
 * (c): each request is one of the participants logging half an hour on a day of their placement, round robin, so
 * that no day reaches its 24 hours however long the run.
 */
function logRequests(participants: LoggingParticipant[]): autocannon.Request[] {
  let sent = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/exchange-logs',
      setupRequest: (request) => {
        const n = sent++;
        const participant = participants[n % participants.length];
        const day = Math.floor(n / participants.length) % participant.days;
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${participant.token}` },
          body: JSON.stringify({
            placementId: participant.placementId,
            loggedOn: addDays(participant.startsOn, day),
            hours: 0.5,
            activityType: ACTIVITY_TYPES[n % ACTIVITY_TYPES.length],
            title: 'Workshop with the host team on volunteer monitoring',
            description: 'Prepared the session with the host, ran it for twelve volunteers, wrote up the notes.',
            learningOutcomes: 'A simpler way to train volunteers that we will try at home.',
          }),
        };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Profile summaries (BENCH_PROFILE=1)
// ---------------------------------------------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Where a frame's code lives: a package, the app's own module, Node itself, or V8's own bookkeeping. */
function ownerOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const app = /\/dist\/src\/([^/]+)/.exec(url);
  if (app) return `app: ${app[1]}`;
  return url.startsWith('node:') ? 'node core' : url;
}

function summariseProfile(profile: CpuProfile, requests: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy++;
    // Native frames (no url) are named after their nearest JavaScript caller: `init` alone says nothing.
    let caller = frame;
    for (let at = parent.get(id); !caller.url && at !== undefined; at = parent.get(at))
      caller = byId.get(at)!.callFrame;
    const where = caller.url ? `${ownerOf(caller)} ${caller.url.split('/').pop()}:${caller.lineNumber + 1}` : '';
    const name =
      frame === caller ? frame.functionName || '(anonymous)' : `${frame.functionName} ← ${caller.functionName}`;
    const key = `${name}  ${where}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    const owners = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const owner = ownerOf(byId.get(at)!.callFrame);
      // Every stack starts in Node's own code: only what sits above it tells where the time goes.
      if (!['(root)', '(native)', 'node core'].includes(owner) && !owner.endsWith('api-probe.ts')) owners.add(owner);
    }
    for (const owner of owners) inclusive.set(owner, (inclusive.get(owner) ?? 0) + 1);
  }
  const share = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
  const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `  CPU busy in ${busy} of ${profile.samples.length} samples (${((100 * busy) / profile.samples.length).toFixed(0)}%); ` +
      `${requests} requests`,
    '  on the stack (inclusive, by owner):',
    ...top(inclusive, 24).map(([owner, n]) => `    ${share(n)}  ${owner}`),
    '  self time, top functions:',
    ...top(self, 22).map(([key, n]) => `    ${share(n)}  ${key}`),
  ];
}

async function explain(db: Client, sql: string, parameters: unknown[]): Promise<string[]> {
  if (!/^\s*SELECT/i.test(sql)) return [];
  await db.query('BEGIN');
  try {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
    return rows.map((row: { 'QUERY PLAN': string }) => `      ${row['QUERY PLAN']}`);
  } finally {
    await db.query('ROLLBACK');
  }
}

/** Sends `message` to the probed API and resolves with its answer of type `expected`. */
function ask(api: ChildProcess, message: object, expected: string): Promise<{ name?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the probe did not answer ${expected}`)), 30_000);
    const listen = (answer: { probe?: string; name?: string }) => {
      if (answer.probe !== expected) return;
      clearTimeout(timer);
      api.off('message', listen);
      resolve(answer);
    };
    api.on('message', listen);
    api.send(message);
  });
}

async function probeWindow(
  api: ChildProcess,
  run: () => Promise<Measured>,
): Promise<{ measured: Measured; figures: WindowFigures; profile: CpuProfile }> {
  await ask(api, { probe: 'open' }, 'opened');
  const measured = await run();
  const { name } = await ask(api, { probe: 'close' }, 'closed');
  return {
    measured,
    figures: JSON.parse(readFileSync(`${name}.json`, 'utf8')) as WindowFigures,
    profile: JSON.parse(readFileSync(`${name}.cpuprofile`, 'utf8')) as CpuProfile,
  };
}

async function report(
  db: Client,
  title: string,
  { measured, figures, profile }: Awaited<ReturnType<typeof probeWindow>>,
): Promise<void> {
  const requests = measured.requests;
  const statements = [...figures.statements].sort((a, b) => b.totalMs - a.totalMs);
  const perRequest = statements.reduce((sum, s) => sum + s.calls, 0) / requests;
  console.log(`\n=== ${title} (under the profiler) ===`);
  console.log(line(measured));
  console.log(
    `  ${perRequest.toFixed(2)} statements per request; pool: ${(figures.poolWaits / requests).toFixed(2)} checkouts ` +
      `per request, mean wait ${(figures.poolWaitMs / Math.max(1, figures.poolWaits)).toFixed(1)} ms, ` +
      `max ${figures.poolWaitMaxMs.toFixed(0)} ms`,
  );
  console.log('  statements by total time (calls per request, mean and max ms as the API saw them):');
  for (const s of statements.slice(0, 14)) {
    console.log(
      `    ${(s.calls / requests).toFixed(2).padStart(5)}  ${(s.totalMs / s.calls).toFixed(1).padStart(6)} ` +
        `${s.maxMs.toFixed(0).padStart(5)}   ${s.sql.slice(0, 150)}`,
    );
  }
  for (const text of summariseProfile(profile, requests)) console.log(text);
  console.log('  plans of its SELECTs (EXPLAIN ANALYZE, after the load):');
  for (const s of statements.filter((s) => /^SELECT/i.test(s.sql) && s.calls >= requests * 0.5)) {
    console.log(`    ${s.sql.slice(0, 150)}`);
    for (const plan of await explain(db, s.sql, s.parameters)) console.log(plan);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const build = spawnSync('npx', ['nest', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('nest build failed');
  }
  const built = performance.now();
  await ensureDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const world = await seed(db);
  const seeded = performance.now();
  const sql = await capturePlacementListSql(world.coordinator.id);

  const secret = randomBytes(48).toString('base64');
  const [apiPort, rawPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${apiPort}`;
  const probeDirectory = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const logFile = join(probeDirectory, 'api.log');
  const logFd = openSync(logFile, 'w');
  let api: ChildProcess | undefined;
  let raw: ChildProcess | undefined;
  try {
    api = spawn(
      process.execPath,
      [
        // BENCH_API_NODE_ARGS, e.g. `--trace-deprecation` or `--cpu-prof --cpu-prof-dir=/tmp/prof`, go to the API.
        ...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ...(PROFILE ? ['-r', 'ts-node/register/transpile-only', '-r', join(__dirname, 'api-probe.ts')] : []),
        // BENCH_API_DIST: another build's output directory, to compare two versions on the same data.
        join(process.env.BENCH_API_DIST ?? join(root, 'dist'), 'src/main.js'),
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(apiPort),
          DATABASE_URL,
          DATABASE_POOL_SIZE: String(POOL_SIZE),
          REDIS_URL,
          REDIS_PREFIX: PREFIX,
          JWT_SECRET: secret,
          LOG_LEVEL: 'info',
          // The login limits would answer 429 long before argon2 is measured; raised for this process only.
          LOGIN_LIMIT_PER_ACCOUNT: '1000000',
          LOGIN_LIMIT_PER_ADDRESS: '1000000',
          BENCH_PROBE_DIR: probeDirectory,
        },
        // Request logs go to a file, as a container runtime would take them from stdout.
        stdio: ['ignore', logFd, 'inherit', ...(PROFILE ? ['ipc' as const] : [])],
      },
    );
    const rawSpec: RawServerSpec = {
      databaseUrl: DATABASE_URL,
      poolSize: POOL_SIZE,
      port: rawPort,
      secret,
      issuer: 'twinning-platform',
      audience: 'twinning-api',
      ...sql,
    };
    if (!PROFILE) {
      raw = fork(join(__dirname, 'api-raw.ts'), [], {
        execArgv: ['-r', 'ts-node/register/transpile-only'],
        env: { PATH: process.env.PATH, RAW_SERVER: JSON.stringify(rawSpec) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      await new Promise<void>((resolve, reject) => {
        raw!.once('message', () => resolve());
        raw!.once('exit', (code) => reject(new Error(`the raw server stopped (${code})`)));
      });
    }
    await until(async () => (await fetch(`${base}/health/ready`)).ok, 'the API');
    const apiUp = performance.now();

    const coordinator = await signIn(base, world.coordinator.email);
    for (let i = 0; i < world.loggers.length; i += 4) {
      await Promise.all(
        world.loggers.slice(i, i + 4).map(async (logger) => (logger.token = (await signIn(base, logger.email)).token)),
      );
    }
    const asCoordinator = { authorization: `Bearer ${coordinator.token}` };
    const listPath = '/api/v1/placements?page=1&pageSize=20';
    const list = { url: `${base}${listPath}`, headers: asCoordinator };
    const rawList = { url: `http://127.0.0.1:${rawPort}${listPath}`, headers: asCoordinator };
    if (!PROFILE) {
      // The floor is only a floor if it does the same work: same rows, same fields, same JSON.
      const [apiAnswer, rawAnswer] = await Promise.all(
        [list.url, rawList.url].map(async (url) =>
          JSON.stringify(await (await fetch(url, { headers: asCoordinator })).json()),
        ),
      );
      if (apiAnswer !== rawAnswer) {
        console.warn('the raw server answers differently from the API:');
        console.warn(apiAnswer.slice(0, 600));
        console.warn(rawAnswer.slice(0, 600));
      }
    }
    const logs = {
      url: base,
      headers: { 'content-type': 'application/json' },
      requests: logRequests(world.loggers),
    };
    console.log(
      `\nbuild ${((built - started) / 1000).toFixed(0)} s, seed ${((seeded - built) / 1000).toFixed(1)} s ` +
        `(${Object.entries(world.counts)
          .map(([what, n]) => `${n} ${what}`)
          .join(', ')}), API up ${((apiUp - seeded) / 1000).toFixed(1)} s`,
    );
    console.log(`${CONNECTIONS} connections, ${SECONDS} s each; LOGIN_LIMIT_PER_ACCOUNT/ADDRESS raised to 1000000`);

    const ours = { server: api, db };
    if (PROFILE) {
      await measure('warm-up', ours, list, 2);
      const a = await probeWindow(api, () => measure('(a) GET /placements?page=1&pageSize=20', ours, list));
      const c = await probeWindow(api, () => measure('(c) POST /exchange-logs', ours, logs));
      await report(db, '(a) GET /api/v1/placements?page=1&pageSize=20, coordinator', a);
      await report(db, '(c) POST /api/v1/exchange-logs, 50 participants', c);
      return;
    }
    const theirs = { server: raw!, db };

    const summaryUrl = `${base}/api/v1/reports/cohorts/${world.cohortId}/summary`;
    const summaryProbe = await fetch(summaryUrl, { headers: asCoordinator });
    const summary = { url: summaryUrl, headers: asCoordinator };
    const login = {
      url: `${base}/api/v1/auth/login`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: world.coordinator.email, password: PASSWORD }),
    };
    const NAMES = {
      a: '(a) GET /placements?page=1&pageSize=20',
      raw: '    raw http + pg, same SQL',
      b: '(b) GET /reports/cohorts/{id}/summary',
      c: '(c) POST /exchange-logs, 50 participants',
      d: '(d) POST /auth/login',
      fewLogins: `    the same, ${FEW_LOGINS} connections`,
    };

    await measure('warm-up', ours, list, 2);
    await measure('warm-up', theirs, rawList, 2);
    const rounds: Measured[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The order alternates between rounds, so that neither side always runs on a warmer machine.
      const pair = [() => measure(NAMES.a, ours, list), () => measure(NAMES.raw, theirs, rawList)];
      const results = round % 2 === 0 ? [await pair[0](), await pair[1]()] : [await pair[1](), await pair[0]()];
      if (summaryProbe.ok) results.push(await measure(NAMES.b, ours, summary));
      results.push(await measure(NAMES.c, ours, logs));
      results.push(await measure(NAMES.d, ours, login));
      // People sign in now and then: a handful at once is the realistic load, and shows argon2's own latency.
      results.push(await measure(NAMES.fewLogins, ours, login, SECONDS, FEW_LOGINS));
      rounds.push(results);
      console.log(`\nround ${round + 1} of ${ROUNDS}`);
      for (const m of results) console.log(line(m));
      if (!summaryProbe.ok) console.log(`${NAMES.b.padEnd(46)} not available (${summaryProbe.status})`);
    }

    const all = rounds.flat();
    const of = (name: string) => all.filter((m) => m.name === name);
    const range = (values: number[], digits = 0) => {
      const [low, high] = [Math.min(...values).toFixed(digits), Math.max(...values).toFixed(digits)];
      return low === high ? low : `${low}–${high}`;
    };
    if (ROUNDS > 1) {
      console.log(`\nspread over ${ROUNDS} rounds (min–max)`);
      for (const name of new Set(all.map((m) => m.name))) {
        const runs = of(name);
        console.log(
          `${name.padEnd(46)} ${range(runs.map((m) => m.rps)).padStart(9)} rps  p99 ${range(runs.map((m) => m.p99))} ms  ` +
            `cpu/req ${range(
              runs.map((m) => m.serverCpuMs),
              1,
            )} + pg ${range(
              runs.map((m) => m.databaseCpuMs),
              1,
            )} ms`,
        );
      }
    }
    const ownA = of(NAMES.a);
    const rawA = of(NAMES.raw);
    const rpsRatios = ownA.map((m, i) => (100 * m.rps) / rawA[i].rps);
    const cpuRatios = ownA.map(
      (m, i) => (100 * (rawA[i].serverCpuMs + rawA[i].databaseCpuMs)) / (m.serverCpuMs + m.databaseCpuMs),
    );
    const logins = of(NAMES.d);
    const fewLogins = of(NAMES.fewLogins);
    const check = (ok: boolean) => (ok ? 'met   ' : 'MISSED');
    console.log('\ntargets');
    console.log(
      `  ${check(Math.min(...rpsRatios) >= 50)} (a) at least 50% of the raw server's rps: ${range(rpsRatios)}%`,
    );
    console.log(
      `         (a) by CPU per request (API + PostgreSQL), the raw server's cost is ${range(cpuRatios)}% of ours`,
    );
    console.log(
      `  ${check(Math.max(...ownA.map((m) => m.p99)) < 100)} (a) p99 under 100 ms: ${range(ownA.map((m) => m.p99))} ms`,
    );
    console.log(
      `  ${check(Math.max(...logins.map((m) => m.p99)) < 300)} (d) login p99 under 300 ms: ${range(logins.map((m) => m.p99))} ms ` +
        `(each attempt costs argon2id at 19 MiB, t=2: with ${CONNECTIONS} waiting, latency is ${CONNECTIONS} ÷ logins per second)`,
    );
    console.log(
      `  ${check(Math.max(...fewLogins.map((m) => m.p99)) < 300)} (d) login p99 under 300 ms at ${FEW_LOGINS} connections: ` +
        `${range(fewLogins.map((m) => m.p99))} ms`,
    );
    const failures = all.reduce((sum, m) => sum + m.errors + m.non2xx, 0);
    console.log(`  ${check(failures === 0)} no errors or non-2xx answers: ${failures}`);
    const { size } = statSync(logFile);
    const requests = all.reduce((sum, m) => sum + (m.name === NAMES.raw ? 0 : m.requests), 0);
    console.log(
      `\nrequest log at LOG_LEVEL=info: ${(size / 1024 / 1024).toFixed(1)} MiB, ${(size / requests).toFixed(0)} bytes per request`,
    );
  } finally {
    await Promise.all([stop(api), stop(raw)]);
    closeSync(logFd);
    if (process.env.BENCH_KEEP_FILES !== '1') rmSync(probeDirectory, { recursive: true, force: true });
    else console.log(`profiles and request log kept in ${probeDirectory}`);
    await db.end();
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
