import { ConfigService } from '@nestjs/config';
import fc from 'fast-check';
import type { Response } from 'supertest';
import type { Role } from '../src/common/auth/role';
import { anInvitation } from './support/builders';
import { changedTables, databaseState } from './support/database-state';
import { as, PROBLEM } from './support/http';
import { type BadRequest, sweepOf, type WellFormed } from './support/malformed-input';
import { type OpenApiDocument, operationsWithInput, sampleOf, type SweptOperation } from './support/openapi';
import { aParticipantWithPlacement } from './support/placement-world';
import { TestApp } from './support/test-app';

/** Fixed, so a failure is reproduced by running again; BAD_INPUT_SEED explores other inputs. */
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20270801);
/** Random inputs per operation, on top of every field and parameter broken every listed way. */
const RANDOM_RUNS = Number(process.env.BAD_INPUT_RUNS ?? 15);
/** BAD_INPUT_ROUTES (a pattern, e.g. `cohorts`) sweeps only the operations it matches, while working on them. */
const ONLY = new RegExp(process.env.BAD_INPUT_ROUTES ?? '');

/** Operations the sweep must reach, so that a document missing routes cannot make it pass by sweeping nothing. */
const MUST_BE_SWEPT = [
  'POST /api/v1/auth/login',
  'GET /api/v1/users',
  'PATCH /api/v1/users/{id}',
  'POST /api/v1/organisations',
  'POST /api/v1/cohorts',
  'PATCH /api/v1/cohorts/{id}',
  'POST /api/v1/applications',
  'POST /api/v1/applications/{id}/reviews',
  'POST /api/v1/cohorts/{id}/matching-runs',
  'PUT /api/v1/placements/{id}/checklist/{key}',
  'PATCH /api/v1/joint-projects/{id}/milestones/{milestoneId}',
  'POST /api/v1/exchange-logs',
  'POST /api/v1/participant-reports/{id}/submission',
  'GET /api/v1/admin/notifications',
  'GET /api/v1/reports/cohorts/{id}/summary',
  'GET /api/v1/reports/cohorts/{id}/placements',
  'GET /api/v1/reports/overview',
];

/** The role a sweep calls an operation as: an admin where admins may, else the first role allowed. */
const ROLE_PREFERENCE: Role[] = ['admin', 'coordinator', 'participant', 'reviewer', 'funder'];

/**
 * Every documented route with a body or parameters, fed malformed input generated from its OpenAPI description
 * (wrong types, missing and unknown fields, prototype keys, empty and 100 kB strings, deep nesting, invalid ids,
 * dates and enum values, injection fragments, numbers out of range): each is refused with a 4xx problem, and the
 * database is exactly as it was.
 */
describe('Bad input, on every route (HTTP)', () => {
  let app: TestApp;
  let operations: SweptOperation[];
  let document: OpenApiDocument;
  const tokens = {} as Record<Role, string>;
  /** A real record of each collection a path names, by the collection's path segment (`cohorts`, `milestones`). */
  const records: Record<string, string> = {};

  beforeAll(async () => {
    app = await TestApp.start({
      // The sweep sends hundreds of malformed logins for one address; the limit has its own tests.
      LOGIN_LIMIT_PER_ACCOUNT: '100000',
    });
    document = (await app.http().get('/docs-json').expect(200)).body;
    operations = operationsWithInput(document);

    for (const role of ['admin', 'coordinator', 'reviewer', 'funder'] as const) {
      tokens[role] = (await app.signIn(role)).token;
    }
    const { participant, staff, cohort, placementId } = await aParticipantWithPlacement(app, tokens.coordinator, {
      until: 'in_progress',
    });
    tokens.participant = participant.token;
    const placement = (await app.http().get(`/api/v1/placements/${placementId}`).set(as(tokens.admin)).expect(200))
      .body;
    const post = async (token: string, path: string, body: object, status = 201) => {
      const response = await app.http().post(path).set(as(token)).send(body);
      if (response.status !== status) throw new Error(`POST ${path}: ${response.status} ${response.text}`);
      return response.body.id as string;
    };

    const jointProject = await post(tokens.coordinator, '/api/v1/joint-projects', {
      cohortId: cohort.id,
      title: 'Community water monitoring',
      summary: 'Volunteers from both partners train village monitors.',
      thematicAreas: ['water_resources'],
      partnerOrganisationIds: [staff.organisationId, placement.host.id],
    });
    const [report] = (
      await app.http().get('/api/v1/participant-reports').query({ placementId }).set(as(tokens.admin)).expect(200)
    ).body.items;
    const [notification] = await app.dataSource.query(`SELECT id FROM notifications LIMIT 1`);
    Object.assign(records, {
      users: participant.userId,
      invitations: (await anInvitation(app)).invitation.id,
      staff: staff.id,
      organisations: placement.host.id,
      cohorts: cohort.id,
      applications: placement.applicationId,
      reviews: await post(tokens.admin, `/api/v1/applications/${placement.applicationId}/reviews`, {
        organisationalCompatibility: 4,
        workPlanQuality: 4,
        applicantExperience: 4,
      }),
      'matching-runs': await post(
        tokens.admin,
        `/api/v1/cohorts/${cohort.id}/matching-runs`,
        { algorithm: 'optimal', dryRun: true },
        202,
      ),
      placements: placementId,
      checklist: placement.checklist[0].key,
      'joint-projects': jointProject,
      milestones: await post(tokens.admin, `/api/v1/joint-projects/${jointProject}/milestones`, {
        title: 'Joint training of village monitors',
        dueOn: '2028-03-31',
      }),
      'exchange-logs': await post(tokens.participant, '/api/v1/exchange-logs', {
        placementId,
        loggedOn: '2027-08-05',
        hours: 4,
        activityType: 'meeting',
        title: 'First meeting with the host team',
      }),
      'participant-reports': report.id,
      notifications: notification?.id,
    });
  }, 60_000);

  afterAll(() => app?.close());

  const tokenFor = (operation: SweptOperation) => {
    if (!operation.roles) return undefined;
    const role = ROLE_PREFERENCE.find((candidate) => operation.roles!.includes(candidate));
    if (!role) throw new Error(`${operation.name} allows no role the sweep signs in as`);
    return tokens[role];
  };

  /** The path segment before `{param}` names its collection: `/joint-projects/{id}/milestones/{milestoneId}`. */
  function wellFormed(operation: SweptOperation): WellFormed {
    const pathValues: Record<string, string> = {};
    for (const [, collection, name] of operation.path.matchAll(/([\w-]+)\/\{(\w+)\}/g)) {
      const id = records[collection];
      if (!id) throw new Error(`${operation.name}: no record of "${collection}" for {${name}}; add one to the sweep`);
      pathValues[name] = id;
    }
    const query = operation.parameters
      .filter((parameter) => parameter.in === 'query' && parameter.required)
      .map((parameter): [string, string] => [parameter.name, String(sampleOf(document, parameter.schema ?? {}))]);
    return { pathValues, query, ...(operation.body && { body: sampleOf(document, operation.body) }) };
  }

  function send(operation: SweptOperation, request: Omit<BadRequest, 'flaw' | 'statuses'>) {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      request.pathEncoded ? request.pathValues[name] : encodeURIComponent(request.pathValues[name]),
    );
    const query = request.query.length ? `?${new URLSearchParams(request.query)}` : '';
    let call = app.http()[operation.method](`${path}${query}`);
    const token = tokenFor(operation);
    if (token) call = call.set(as(token));
    for (const [name, value] of Object.entries(request.headers)) call = call.set(name, value);
    if (request.body) call = call.set('content-type', request.body.contentType).send(request.body.text);
    return call;
  }

  /** What is wrong with the answer to a malformed request, if anything. */
  function complaintAbout(request: BadRequest, response: Response): string | undefined {
    const shown = `${request.flaw} answered ${response.status} ${response.text.slice(0, 300)}`;
    if (!request.statuses.includes(response.status)) {
      const expected = request.statuses.length > 3 ? 'a 4xx' : request.statuses.join(' or ');
      return `${shown} (expected ${expected})`;
    }
    if (!PROBLEM.test(response.headers['content-type'] ?? '')) return `${shown}: not application/problem+json`;
    const problem = response.body;
    if (problem.status !== response.status) return `${shown}: the problem's status differs`;
    for (const member of ['type', 'title'] as const) {
      if (typeof problem[member] !== 'string' || !problem[member]) return `${shown}: the problem has no ${member}`;
    }
    // RFC 9457 makes `detail` optional; Nest leaves it out where it would repeat the title (415).
    if (problem.detail !== undefined && typeof problem.detail !== 'string') return `${shown}: a detail not text`;
    if (problem.type === '/problems/validation') {
      const fields: string[] = (problem.errors ?? []).map((error: { field: string }) => error.field);
      if (!fields.length) return `${shown}: a validation problem without errors`;
      const names = request.names;
      if (names !== undefined && !fields.some((field) => field === names || field.startsWith(`${names}.`))) {
        return `${shown}: the errors do not name ${names}`;
      }
    } else if (request.names !== undefined && response.status === 400) {
      return `${shown}: not a validation problem naming ${request.names}`;
    }
    return undefined;
  }

  /** Runs the operation's examples and random inputs; the failures, one line each. */
  async function sweep(operation: SweptOperation): Promise<string[]> {
    const { examples, random } = sweepOf(document, operation, wellFormed(operation));
    const failures: string[] = [];
    const before = await databaseState(app.dataSource);
    const run = await fc.check(
      fc.asyncProperty(random, async (request) => {
        const response = await send(operation, request);
        const complaint = complaintAbout(request, response);
        if (complaint) throw new Error(complaint);
      }),
      // fast-check counts the examples among the runs.
      {
        seed: SEED,
        numRuns: examples.length + RANDOM_RUNS,
        examples: examples.map((example) => [example]),
        endOnFailure: true,
      },
    );
    if (run.failed) {
      const error = run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
      failures.push(`${operation.name}: ${error} (seed ${run.seed}, path ${run.counterexamplePath})`);
    }
    const changed = changedTables(before, await databaseState(app.dataSource));
    if (changed.length) failures.push(`${operation.name} changed the database: ${changed.join(', ')}`);
    return failures;
  }

  it('finds the routes in the OpenAPI document', () => {
    expect(operations.map((operation) => operation.name)).toEqual(expect.arrayContaining(MUST_BE_SWEPT));
  });

  it('refuses malformed bodies, path, query and header parameters with a 4xx problem and changes nothing', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter(({ name }) => ONLY.test(name)))
      failures.push(...(await sweep(operation)));
    expect(failures).toEqual([]);
  }, 300_000);

  it('refuses a body over the configured limit with 413 on every route that takes one, and one at the limit is read', async () => {
    const limit = app.get(ConfigService).get<number>('BODY_LIMIT_BYTES')!;
    const failures: string[] = [];
    const before = await databaseState(app.dataSource);
    for (const operation of operations.filter((candidate) => candidate.body)) {
      const { pathValues, query } = wellFormed(operation);
      for (const [size, statuses, names] of [
        [limit + 1, [413], undefined],
        [limit, [400], 'padding'],
      ] as const) {
        const text = `{"padding":"${'x'.repeat(size - '{"padding":""}'.length)}"}`;
        const request: BadRequest = {
          flaw: `a body of ${size} bytes`,
          statuses: [...statuses],
          names,
          pathValues,
          query,
          headers: {},
          body: { contentType: 'application/json', text },
        };
        const complaint = complaintAbout(request, await send(operation, request));
        if (complaint) failures.push(`${operation.name}: ${complaint}`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await databaseState(app.dataSource))).toEqual([]);
  }, 120_000);
});
