import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, types } from 'pg';

/**
 * The floor `bench/api.ts` measures the API's placement list against: plain `http` and a `pg` pool answering
 * `GET /api/v1/placements?page=&pageSize=` with the very statements the API issues (captured from TypeORM by the
 * benchmark and handed over in RAW_SERVER), the same answer shape, and the same checks: an HS256 token verified
 * with node:crypto as jsonwebtoken does (signature, algorithm, iss, aud, exp), then the caller's row read for role
 * and active flag. No framework, no validation library, no request log.
 */
export interface RawServerSpec {
  databaseUrl: string;
  poolSize: number;
  port: number;
  secret: string;
  issuer: string;
  audience: string;
  /** `SELECT … FROM users WHERE id = $1` as the API's token strategy issues it. */
  userSql: string;
  countSql: string;
  /** The page query without its LIMIT/OFFSET, which are added per request. */
  pageSql: string;
}

// TypeORM hands `date` columns over as YYYY-MM-DD strings; pg would make Date objects of them.
types.setTypeParser(1082, (value) => value);

const spec = JSON.parse(process.env.RAW_SERVER ?? '{}') as RawServerSpec;
const pool = new Pool({ connectionString: spec.databaseUrl, max: spec.poolSize });
const secret = Buffer.from(spec.secret);
const READERS = new Set(['admin', 'coordinator', 'participant']);

const base64url = (buffer: Buffer) => buffer.toString('base64url');

function verifiedSubject(authorization: string | undefined): string | null {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return null;
  const expected = Buffer.from(base64url(createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest()));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as {
    sub?: string;
    iss?: string;
    aud?: string | string[];
    exp?: number;
  };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (header.alg !== 'HS256' || claims.iss !== spec.issuer || !audiences.includes(spec.audience)) return null;
  if (!claims.exp || claims.exp * 1000 <= Date.now()) return null;
  return claims.sub ?? null;
}

type Row = Record<string, unknown>;

/** The same fields as PlacementResponse.from, from the aliased columns TypeORM selects. */
const placementOf = (row: Row) => ({
  id: row.placement_id,
  cohortId: row.placement_cohort_id,
  participant: {
    id: row.staff_id,
    fullName: row.staff_full_name,
    organisationId: row.staff_organisation_id,
    organisationName: row.home_name ?? '',
  },
  host: { id: row.host_id, name: row.host_name, region: row.host_region, country: row.host_country },
  applicationId: row.placement_application_id,
  twinningPairId: row.placement_twinning_pair_id,
  matchingRunId: row.placement_matching_run_id,
  startsOn: row.placement_starts_on,
  endsOn: row.placement_ends_on,
  status: row.placement_status,
  matchScore: row.placement_match_score === null ? null : Number(row.placement_match_score),
  scoreBreakdown: row.placement_score_breakdown,
  mentorName: row.placement_mentor_name,
  grant: row.placement_grant,
  grantFrozen: row.placement_grant_frozen_at !== null,
  cancellationReason: row.placement_cancellation_reason,
  checklist: [],
  createdAt: row.placement_created_at,
  updatedAt: row.placement_updated_at,
});

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function placements(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://raw');
  if (request.method !== 'GET' || url.pathname !== '/api/v1/placements') return answer(response, 404, {});
  const subject = verifiedSubject(request.headers.authorization);
  if (!subject) return answer(response, 401, {});
  const { rows: users } = await pool.query(spec.userSql, [subject]);
  const user = users[0] as Row | undefined;
  if (!user || !user.User_active || !READERS.has(user.User_role as string)) return answer(response, 403, {});
  const page = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    return answer(response, 400, {});
  }
  // As TypeORM's getManyAndCount does it: the page, then the count, one after the other on one connection.
  const client = await pool.connect();
  try {
    const { rows } = await client.query(`${spec.pageSql} LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize]);
    const { rows: counted } = await client.query(spec.countSql);
    answer(response, 200, { items: rows.map(placementOf), total: Number(counted[0].cnt), page, pageSize });
  } finally {
    client.release();
  }
}

const server = createServer((request, response) => {
  placements(request, response).catch((error: unknown) => {
    console.error(error);
    answer(response, 500, {});
  });
});
server.keepAliveTimeout = 72_000;
server.listen(spec.port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => void pool.end()));
