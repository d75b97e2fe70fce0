import * as ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { aCohort, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem } from './support/http';
import { TestApp } from './support/test-app';

/**
 * A hand-made cohort whose every figure is known: the rows are written directly, and the expected numbers
 * below are worked out by hand from them (see the comments), not by running the report's queries.
 */
describe('Reports (HTTP)', () => {
  let app: TestApp;
  let coordinator: string;
  let funder: string;
  let participant: string;
  let reviewer: string;
  const ids = {} as Record<string, string>;
  const emails: string[] = [];

  const sql = (text: string, params: unknown[] = []) => app.dataSource.query(text, params);
  const binary = (request: ReturnType<ReturnType<TestApp['http']>['get']>) =>
    request.buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = (await app.signIn('coordinator')).token;
    participant = (await app.signIn('participant')).token;
    reviewer = (await app.signIn('reviewer')).token;
    const funderOrganisation = await anOrganisation(app, { type: 'funder', hostingCapacity: 0 });
    funder = (await app.signIn('funder', { organisationId: funderOrganisation.id })).token;

    const cohort = await aCohort(app, { status: 'active', name: 'EU-China Twinning 2027' });
    const later = await aCohort(app, {
      status: 'open',
      applicationOpensOn: '2029-01-15',
      applicationClosesOn: '2029-03-31',
    });
    ids.cohort = cohort.id;
    ids.later = later.id;
    await sql(`INSERT INTO cohort_funders (cohort_id, organisation_id) VALUES ($1, $2)`, [
      cohort.id,
      funderOrganisation.id,
    ]);

    const [eu1, eu2, cn1, cn2] = await Promise.all([
      anOrganisation(app, { region: 'EU', name: 'Berlin Water Forum' }),
      anOrganisation(app, { region: 'EU', name: 'Lyon Civic Lab' }),
      anOrganisation(app, { region: 'CN', name: '成都公益服务中心' }),
      anOrganisation(app, { region: 'CN', name: 'Yunnan Rivers' }),
    ]);
    const person = async (name: string, organisationId: string, gender: string, expertise: string[]) => {
      const staff = await aStaffMember(app, {
        fullName: name,
        organisationId,
        gender: gender as never,
        expertise: expertise as never,
      });
      emails.push(staff.email);
      return staff.id;
    };
    // Live participants: s1, s2, s3 (EU) and s4, s5 (CN); s6 only declined; s7 only applied.
    const s1 = await person('Anna Schmidt', eu1.id, 'female', ['climate_change', 'water_resources']);
    const s2 = await person('Marc Dupont', eu2.id, 'male', ['water_resources']);
    const s3 = await person('Eva Novak', eu1.id, 'female', ['gender_equality']);
    const s4 = await person('王芳', cn1.id, 'female', ['climate_change']);
    const s5 = await person('Li Ming', cn2.id, 'non_binary', ['water_resources']);
    const s6 = await person('Zhang Wei', cn1.id, 'male', ['capacity_building']);
    const s7 = await person('Tom Berg', eu2.id, 'male', ['other']);

    // Applications: accepted 4, submitted 1, rejected 1, withdrawn 1.
    const applicationStatuses: Array<[string, string]> = [
      [s1, 'accepted'],
      [s2, 'accepted'],
      [s3, 'accepted'],
      [s4, 'accepted'],
      [s5, 'submitted'],
      [s6, 'rejected'],
      [s7, 'withdrawn'],
    ];
    for (const [staffId, status] of applicationStatuses) {
      await sql(
        `INSERT INTO applications (cohort_id, staff_id, kind, available_from, available_to, motivation, work_plan, status)
         VALUES ($1, $2, 'single', '2027-08-01', '2027-12-09', 'Motivation', 'Work plan', $3)`,
        [cohort.id, staffId, status],
      );
    }

    const pair = async (first: string, second: string, origin: string) => {
      const [a, b] = [first, second].sort();
      const [row] = await sql(
        `INSERT INTO twinning_pairs (cohort_id, first_organisation_id, second_organisation_id, origin)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [cohort.id, a, b, origin],
      );
      return row.id as string;
    };
    const pairA = await pair(eu1.id, cn1.id, 'joint_application');
    const pairB = await pair(eu2.id, cn2.id, 'matching_run');
    const pairC = await pair(eu1.id, cn2.id, 'matching_run');

    const grant = (daily: number, travel: number, visa: number, insurance: number) => ({
      currency: 'EUR',
      dailyAllowance: { amount: { amountMinor: daily, currency: 'EUR' } },
      travel: { amount: { amountMinor: travel, currency: 'EUR' } },
      visa: { amountMinor: visa, currency: 'EUR' },
      insurance: { amountMinor: insurance, currency: 'EUR' },
      total: { amountMinor: daily + travel + visa + insurance, currency: 'EUR' },
    });
    const placement = async (
      staffId: string,
      hostId: string,
      startsOn: string,
      endsOn: string,
      status: string,
      pairId: string | null,
      grantBreakdown: object | null,
      score: number | null = null,
    ) => {
      const [row] = await sql(
        `INSERT INTO placements (cohort_id, staff_id, host_organisation_id, starts_on, ends_on, status, twinning_pair_id,
                                 "grant", match_score, mentor_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Mentor Person') RETURNING id`,
        [cohort.id, staffId, hostId, startsOn, endsOn, status, pairId, grantBreakdown, score],
      );
      return row.id as string;
    };
    // EU→CN: P1 completed (28 days), P3 in progress (42), P6 proposed (28, no grant yet).
    // CN→EU: P2 completed (35), P4 confirmed (28), P5 declined (28).
    ids.p1 = await placement(
      s1,
      cn1.id,
      '2027-08-01',
      '2027-08-28',
      'completed',
      pairA,
      grant(280000, 80000, 14000, 9000),
      87.5,
    );
    ids.p2 = await placement(
      s4,
      eu1.id,
      '2027-10-08',
      '2027-11-11',
      'completed',
      pairA,
      grant(350000, 80000, 8000, 9000),
    );
    ids.p3 = await placement(
      s2,
      cn2.id,
      '2027-08-05',
      '2027-09-15',
      'in_progress',
      pairB,
      grant(420000, 80000, 14000, 9000),
    );
    ids.p4 = await placement(
      s5,
      eu2.id,
      '2027-10-10',
      '2027-11-06',
      'confirmed',
      pairB,
      grant(280000, 80000, 8000, 9000),
    );
    ids.p5 = await placement(s6, eu1.id, '2027-10-09', '2027-11-05', 'declined', null, grant(1, 1, 1, 1));
    ids.p6 = await placement(s3, cn2.id, '2027-08-10', '2027-09-06', 'proposed', pairC, null);

    // Hours: meeting 3 + 3 (P1) + 1.5 (P2) = 7.5; field visit 7.5 (P1); workshop 4 (P2); research 8 (P3).
    const logs: Array<[string, string, number, string]> = [
      [ids.p1, '2027-08-02', 3, 'meeting'],
      [ids.p1, '2027-08-03', 3, 'meeting'],
      [ids.p1, '2027-08-04', 7.5, 'field_visit'],
      [ids.p2, '2027-10-09', 4, 'workshop'],
      [ids.p2, '2027-10-10', 1.5, 'meeting'],
      [ids.p3, '2027-08-06', 8, 'research'],
    ];
    for (const [placementId, loggedOn, hours, activityType] of logs) {
      await sql(
        `INSERT INTO exchange_logs (placement_id, logged_on, hours, activity_type, title) VALUES ($1, $2, $3, $4, 'Day')`,
        [placementId, loggedOn, hours, activityType],
      );
    }

    // Reports: P1 midterm on time, P1 final late, P2 midterm on time (23:30 UTC on the due date),
    // P2 final still due (due in the future), P3 midterm overdue (due date already past).
    const reports: Array<[string, string, string, string, string | null]> = [
      [ids.p1, 'midterm', '2027-08-14', 'accepted', '2027-08-13T10:00:00Z'],
      [ids.p1, 'final', '2027-09-11', 'submitted', '2027-09-20T10:00:00Z'],
      [ids.p2, 'midterm', '2027-10-25', 'returned', '2027-10-25T23:30:00Z'],
      [ids.p2, 'final', '2027-11-25', 'due', null],
      [ids.p3, 'midterm', '2026-11-01', 'due', null],
    ];
    for (const [placementId, kind, dueOn, status, submittedAt] of reports) {
      await sql(
        `INSERT INTO participant_reports (placement_id, kind, due_on, status, submitted_at) VALUES ($1, $2, $3, $4, $5)`,
        [placementId, kind, dueOn, status, submittedAt],
      );
    }

    const project = (
      status: string,
      budget: number | null,
      currency: string | null,
      people: number | null,
      areas: string[],
    ) =>
      sql(
        `INSERT INTO joint_projects (cohort_id, title, summary, status, budget_amount_minor, budget_currency,
                                     people_reached, thematic_areas)
         VALUES ($1, 'Project', 'Summary', $2, $3, $4, $5, $6::thematic_area[])`,
        [cohort.id, status, budget, currency, people, areas],
      );
    await project('funded', 5_000_000, 'EUR', 300, ['climate_change', 'water_resources']);
    await project('idea', null, null, null, ['gender_equality']);
    await project('active', 1_200_000, 'EUR', 150, ['water_resources']);
    await project('proposed', 800_000, 'CNY', 0, []);

    // Consent to share with funders: 王芳 holds it; Anna Schmidt gave it, then withdrew it.
    const consent = (staffId: string, granted: boolean, at: string) =>
      sql(
        `INSERT INTO consent_records (staff_id, purpose, granted, text_version, recorded_at)
         VALUES ($1, 'share_with_funders', $2, 'v1', $3)`,
        [staffId, granted, at],
      );
    await consent(s4, true, '2027-06-01T00:00:00Z');
    await consent(s1, true, '2027-06-01T00:00:00Z');
    await consent(s1, false, '2027-07-01T00:00:00Z');
  });

  afterAll(() => app.close());

  describe('cohort summary', () => {
    it('gives every figure of §8, each equal to the hand count', async () => {
      const { body } = await app
        .http()
        .get(`/api/v1/reports/cohorts/${ids.cohort}/summary`)
        .set(as(coordinator))
        .expect(200);

      expect(body.cohort).toEqual({
        id: ids.cohort,
        name: 'EU-China Twinning 2027',
        status: 'active',
        sides: ['EU', 'CN'],
      });
      expect(body.applications).toEqual({
        total: 7,
        byStatus: { submitted: 1, accepted: 4, rejected: 1, withdrawn: 1 },
      });
      const none = { proposed: 0, accepted: 0, confirmed: 0, in_progress: 0, completed: 0, declined: 0, cancelled: 0 };
      expect(body.placements).toEqual({
        total: 6,
        byStatus: { ...none, proposed: 1, confirmed: 1, in_progress: 1, completed: 2, declined: 1 },
        byDirection: [
          { from: 'EU', to: 'CN', total: 3, byStatus: { ...none, proposed: 1, in_progress: 1, completed: 1 } },
          { from: 'CN', to: 'EU', total: 3, byStatus: { ...none, confirmed: 1, completed: 1, declined: 1 } },
        ],
      });
      expect(body.participants).toEqual({
        total: 5,
        byGender: { female: 3, male: 1, non_binary: 1, undisclosed: 0 },
        bySide: { EU: 3, CN: 2 },
      });
      // 28 + 42 + 28 one way, 35 + 28 the other; 161 over 5 live placements.
      expect(body.placementDays).toEqual({
        total: 161,
        average: 32.2,
        byDirection: [
          { from: 'EU', to: 'CN', days: 98 },
          { from: 'CN', to: 'EU', days: 63 },
        ],
      });
      expect(body.loggedHours).toEqual({
        total: 27,
        entries: 6,
        byActivityType: { meeting: 7.5, training: 0, field_visit: 7.5, workshop: 4, research: 8, event: 0, other: 0 },
      });
      expect(body.participantReports).toEqual({
        total: 5,
        submitted: 3,
        submittedOnTime: 2,
        overdue: 1,
        byKind: {
          midterm: { total: 3, submitted: 2, submittedOnTime: 2, overdue: 1 },
          final: { total: 2, submitted: 1, submittedOnTime: 0, overdue: 0 },
        },
      });
      const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
      const noProjects = { count: 0, budgets: [], peopleReached: 0 };
      expect(body.jointProjects).toEqual({
        total: 4,
        peopleReached: 450,
        budgets: [{ amountMinor: 800_000, currency: 'CNY' }, eur(6_200_000)],
        byStatus: {
          idea: { count: 1, budgets: [], peopleReached: 0 },
          proposed: { count: 1, budgets: [{ amountMinor: 800_000, currency: 'CNY' }], peopleReached: 0 },
          funded: { count: 1, budgets: [eur(5_000_000)], peopleReached: 300 },
          active: { count: 1, budgets: [eur(1_200_000)], peopleReached: 150 },
          completed: noProjects,
          dropped: noProjects,
        },
      });
      const spread = Object.fromEntries(
        body.thematicSpread.map((row: { area: string; participants: number; jointProjects: number }) => [
          row.area,
          [row.participants, row.jointProjects],
        ]),
      );
      expect(spread).toEqual({
        poverty_alleviation: [0, 0],
        social_governance: [0, 0],
        gender_equality: [1, 1],
        climate_change: [2, 1],
        environment_protection: [0, 0],
        public_welfare_research: [0, 0],
        water_resources: [3, 2],
        capacity_building: [0, 0],
        other: [0, 0],
      });
      // Live placements only: P1 + P3 one way (P6 has no grant yet), P2 + P4 the other; P5 was declined.
      expect(body.grants).toEqual({
        totals: [eur(1_730_000)],
        byDirection: [
          {
            from: 'EU',
            to: 'CN',
            currency: 'EUR',
            dailyAllowance: eur(700_000),
            travel: eur(160_000),
            visa: eur(28_000),
            insurance: eur(18_000),
            total: eur(906_000),
          },
          {
            from: 'CN',
            to: 'EU',
            currency: 'EUR',
            dailyAllowance: eur(630_000),
            travel: eur(160_000),
            visa: eur(16_000),
            insurance: eur(18_000),
            total: eur(824_000),
          },
        ],
      });
      expect(body.twinningPairs).toEqual({
        formed: 3,
        byOrigin: { joint_application: 1, matching_run: 2, placement: 0 },
        completedByDirection: [
          { from: 'EU', to: 'CN', pairs: 1 },
          { from: 'CN', to: 'EU', pairs: 1 },
        ],
        completedBothDirections: 1,
      });
    });

    it('shows a funder its funded cohort with gender groups under 3 as "<3" and no e-mail address', async () => {
      const response = await app
        .http()
        .get(`/api/v1/reports/cohorts/${ids.cohort}/summary`)
        .set(as(funder))
        .expect(200);
      expect(response.body.participants.byGender).toEqual({ female: 3, male: '<3', non_binary: '<3', undisclosed: 0 });
      expect(response.body.participants.total).toBe(5);
      expect(response.text).not.toContain('@');
    });

    it('answers 404 to a funder for a cohort it does not fund, and for an unknown cohort', async () => {
      const unfunded = await app.http().get(`/api/v1/reports/cohorts/${ids.later}/summary`).set(as(funder));
      expectProblem(unfunded, 404, '/problems/not-found');
      const unknown = await app
        .http()
        .get('/api/v1/reports/cohorts/00000000-0000-4000-8000-000000000000/summary')
        .set(as(coordinator));
      expectProblem(unknown, 404, '/problems/not-found');
    });

    it('refuses participants and reviewers (403) and a malformed id (400)', async () => {
      for (const token of [participant, reviewer]) {
        const refused = await app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/summary`).set(as(token));
        expectProblem(refused, 403, '/problems/forbidden');
      }
      expectInvalid(await app.http().get('/api/v1/reports/cohorts/not-a-uuid/summary').set(as(coordinator)), 'id');
    });
  });

  describe('placements export', () => {
    const header = [
      'Placement',
      'Participant',
      'Participant e-mail',
      'Home organisation',
      'Home side',
      'Host organisation',
      'Host side',
      'Host country',
      'Starts on',
      'Ends on',
      'Days',
      'Status',
      'Host mentor',
      'Hours: meeting',
      'Hours: training',
      'Hours: field visit',
      'Hours: workshop',
      'Hours: research',
      'Hours: event',
      'Hours: other',
      'Hours: total',
      'Reports',
      'Reports submitted',
      'Reports on time',
      'Match score',
      'Grant total (minor units)',
      'Grant currency',
    ];
    const funderHeader = header.filter((column) => column !== 'Participant e-mail' && column !== 'Host mentor');
    // In start order: P1, P3, P6 (EU→CN), then P2, P5, P4.
    const order = () => [ids.p1, ids.p3, ids.p6, ids.p2, ids.p5, ids.p4];

    const parseCsv = (text: string): string[][] => parse(text);

    it('writes CSV with a UTF-8 BOM, a header row and one row per placement, Chinese names intact', async () => {
      const response = await binary(
        app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements?format=csv`).set(as(coordinator)),
      ).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="eu-china-twinning-2027-placements-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [head, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(head).toEqual(header);
      expect(rows.map((row) => row[0])).toEqual(order());
      const p1 = Object.fromEntries(head.map((column, index) => [column, rows[0][index]]));
      expect(p1).toMatchObject({
        Participant: 'Anna Schmidt',
        'Home organisation': 'Berlin Water Forum',
        'Home side': 'EU',
        'Host organisation': '成都公益服务中心',
        'Host side': 'CN',
        'Host country': 'CN',
        'Starts on': '2027-08-01',
        'Ends on': '2027-08-28',
        Days: '28',
        Status: 'completed',
        'Host mentor': 'Mentor Person',
        'Hours: meeting': '6',
        'Hours: field visit': '7.5',
        'Hours: workshop': '0',
        'Hours: total': '13.5',
        Reports: '2',
        'Reports submitted': '2',
        'Reports on time': '1',
        'Match score': '87.5',
        'Grant total (minor units)': '383000',
        'Grant currency': 'EUR',
      });
      expect(p1['Participant e-mail']).toMatch(/@example\.org$/);
      const p2 = rows[3];
      expect(p2[head.indexOf('Participant')]).toBe('王芳');
      expect(p2[head.indexOf('Home organisation')]).toBe('成都公益服务中心');
    });

    it('writes XLSX with a header row and typed cells, Chinese names intact', async () => {
      const response = await binary(
        app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements?format=xlsx`).set(as(coordinator)),
      ).expect(200);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+-placements-.+\.xlsx"$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body as never);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(7);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
      const column = (name: string) => header.indexOf(name) + 1;
      const p1 = sheet.getRow(2);
      expect(p1.getCell(column('Placement')).value).toBe(ids.p1);
      expect(p1.getCell(column('Days')).value).toBe(28);
      expect(p1.getCell(column('Hours: field visit')).value).toBe(7.5);
      expect(p1.getCell(column('Starts on')).value).toEqual(new Date('2027-08-01T00:00:00Z'));
      expect(p1.getCell(column('Grant total (minor units)')).value).toBe(383000);
      expect(sheet.getRow(5).getCell(column('Participant')).value).toBe('王芳');
      expect(
        Array.from({ length: 6 }, (_, index) => sheet.getRow(index + 2).getCell(column('Placement')).value),
      ).toEqual(order());
    });

    it('answers JSON by default: one object per placement with the same columns', async () => {
      const response = await app
        .http()
        .get(`/api/v1/reports/cohorts/${ids.cohort}/placements`)
        .set(as(coordinator))
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const rows = JSON.parse(response.text);
      expect(rows.map((row: { placementId: string }) => row.placementId)).toEqual(order());
      expect(Object.keys(rows[0])).toHaveLength(header.length);
      expect(rows[5]).toMatchObject({
        placementId: ids.p4,
        participant: 'Li Ming',
        days: 28,
        status: 'confirmed',
        hoursTotal: 0,
      });
    });

    it('gives a funder names only with consent, and no e-mail addresses or mentors', async () => {
      const response = await binary(
        app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements?format=csv`).set(as(funder)),
      ).expect(200);
      const text = (response.body as Buffer).toString('utf8');
      for (const email of emails) expect(text).not.toContain(email);
      expect(text).not.toContain('Mentor Person');
      const [head, ...rows] = parseCsv(text.slice(1));
      expect(head).toEqual(funderHeader);
      const names = rows.map((row) => row[head.indexOf('Participant')]);
      // Only 王芳 (P2) holds the consent; Anna Schmidt withdrew hers.
      expect(names).toEqual(['', '', '', '王芳', '', '']);

      const json = await app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements`).set(as(funder)).expect(200);
      expect(Object.keys(JSON.parse(json.text)[0])).toEqual(
        expect.not.arrayContaining(['participantEmail', 'mentorName']),
      );
    });

    it('answers 404 to a funder for a cohort it does not fund, 403 to a participant, 400 to an unknown format', async () => {
      expectProblem(
        await app.http().get(`/api/v1/reports/cohorts/${ids.later}/placements?format=csv`).set(as(funder)),
        404,
        '/problems/not-found',
      );
      expectProblem(
        await app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements`).set(as(participant)),
        403,
        '/problems/forbidden',
      );
      expectInvalid(
        await app.http().get(`/api/v1/reports/cohorts/${ids.cohort}/placements?format=pdf`).set(as(coordinator)),
        'format',
      );
    });
  });

  describe('overview', () => {
    const headline = () => ({
      id: ids.cohort,
      applications: 7,
      applicationsAccepted: 4,
      placements: 5,
      placementsCompleted: 2,
      participants: 5,
      placementDays: 161,
      loggedHours: 27,
      reportsSubmitted: 3,
      reportsSubmittedOnTime: 2,
      jointProjects: 4,
      peopleReached: 450,
      twinningPairs: 3,
      twinningPairsCompletedBothDirections: 1,
      grantTotals: [{ amountMinor: 1_730_000, currency: 'EUR' }],
    });

    it('lists each cohort’s headline figures side by side, oldest first, within [from, to]', async () => {
      const all = await app.http().get('/api/v1/reports/overview').set(as(coordinator)).expect(200);
      expect(all.body).toHaveLength(2);
      expect(all.body[0]).toMatchObject({
        ...headline(),
        applicationOpensOn: '2027-01-15',
        exchangesEndOn: '2027-12-09',
      });
      expect(all.body[1]).toMatchObject({ id: ids.later, applications: 0, placements: 0, grantTotals: [] });

      const early = await app.http().get('/api/v1/reports/overview?to=2028-12-31').set(as(coordinator)).expect(200);
      expect(early.body.map((row: { id: string }) => row.id)).toEqual([ids.cohort]);
      const late = await app.http().get('/api/v1/reports/overview?from=2028-01-01').set(as(coordinator)).expect(200);
      expect(late.body.map((row: { id: string }) => row.id)).toEqual([ids.later]);
    });

    it('shows a funder only the cohorts it funds', async () => {
      const { body } = await app.http().get('/api/v1/reports/overview').set(as(funder)).expect(200);
      expect(body).toEqual([expect.objectContaining(headline())]);
    });

    it('refuses malformed dates and a period that ends before it starts (400)', async () => {
      expectInvalid(await app.http().get('/api/v1/reports/overview?from=2027-02-30').set(as(coordinator)), 'from');
      expectInvalid(
        await app.http().get('/api/v1/reports/overview?from=2027-05-01&to=2027-01-01').set(as(coordinator)),
        'to',
      );
      expectProblem(await app.http().get('/api/v1/reports/overview').set(as(participant)), 403, '/problems/forbidden');
    });
  });
});
