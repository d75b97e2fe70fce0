import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job, JobSchedulerJson, Queue } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import type { Locale } from '../src/users/user.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { ReminderSweep } from '../src/notifications/reminder-sweep';
import { QUEUES, REMINDER_JOBS } from '../src/queues/queues';
import { aCohort, anApplication, anOrganisation, aStaffMember } from './support/builders';
import { as, expectInvalid, expectProblem } from './support/http';
import { SmtpListener, to } from './support/smtp-listener';
import { placeApplicant } from './support/placement-world';
import { TestApp } from './support/test-app';

/**
 * The reminder sweep end to end: run on a fixed clock around midnight for a participant in Shanghai (UTC+8) and
 * one in Berlin (UTC+1 in November), written to the outbox, relayed by the real worker and sent over SMTP.
 */

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
/** Both directions travel in the same window here, so that both participants share their dates. */
const WINDOW = { startsOn: '2027-11-01', endsOn: '2028-01-31' };
/** 42 days, both ends counted; the midterm report is due on 5 December. */
const STARTS_ON = '2027-11-15';
const ENDS_ON = '2027-12-26';
const SWEEP_INTERVAL_MS = 3_600_000;
/** Tests that build placements through the API and sweep many times. */
const SLOW = 30_000;

type Person = { token: string; userId: string; email: string };

interface World {
  participant: Person;
  placementId: string;
  host: Organisation;
}

describe('Reminders (sweep, time zones, preferences)', () => {
  const smtp = new SmtpListener();
  let app: TestApp;
  let worker: INestApplicationContext;
  let sweep: ReminderSweep;
  let coordinator: Person;
  let scheduler: JobSchedulerJson | undefined;
  let scheduledRuns: Job[];

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    app = await TestApp.start({
      SMTP_URL: smtpUrl,
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
      REMINDER_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
    });
    const { WorkerModule } = await import('../src/worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    sweep = worker.get(ReminderSweep);
    // The worker schedules the sweep on the real clock and runs it once at start (on an empty database). The
    // tests then take the schedule away and run the sweep themselves on a fixed clock.
    const queue = worker.get<Queue>(getQueueToken(QUEUES.reminders));
    scheduler = await queue.getJobScheduler(REMINDER_JOBS.sweep);
    await waitUntil(async () => (await queue.getCompletedCount()) > 0);
    scheduledRuns = await queue.getCompleted();
    await queue.removeJobScheduler(REMINDER_JOBS.sweep);
    await waitUntil(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((count) => count === 0);
    });
    coordinator = await app.signIn('coordinator');
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await smtp.stop();
  });

  async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until every e-mail written so far has been relayed and sent (or skipped). */
  const allMailDelivered = () =>
    waitUntil(async () => {
      const [{ pending }] = await app.dataSource.query(
        `SELECT count(*)::int AS pending FROM notifications
          WHERE email_status IN ('pending', 'sending') OR relayed_at IS NULL`,
      );
      return pending === 0;
    });

  /** The mail an address received with this subject, once everything written so far is delivered. */
  async function mailWithSubject(address: string, subject: string): Promise<ParsedMail[]> {
    await smtp.waitFor((mail) => to(address)(mail) && mail.subject === subject);
    await allMailDelivered();
    return smtp.messages.filter((mail) => to(address)(mail) && mail.subject === subject);
  }

  const sweepAt = (iso: string) => sweep.run(new Date(iso));

  /** The same instant swept as two workers would (at once), then three more times: it must make no difference. */
  async function sweepAgainAndAgain(iso: string): Promise<void> {
    await Promise.all([sweepAt(iso), sweepAt(iso)]);
    for (let pass = 0; pass < 3; pass++) expect(await sweepAt(iso)).toEqual({});
  }

  /** A user's reminders of a type, as stored. */
  const reminders = (userId: string, type: string): Promise<Array<{ subject_id: string; dedupe_key: string }>> =>
    app.dataSource.query(
      `SELECT subject_id, dedupe_key, email_status FROM notifications
        WHERE recipient_user_id = $1 AND type = $2 ORDER BY dedupe_key`,
      [userId, type],
    );

  const move = (placementId: string, toStatus: string, token = coordinator.token) =>
    app.http().post(`/api/v1/placements/${placementId}/transitions`).set(as(token)).send({ to: toStatus }).expect(200);

  /**
   * A participant living in `timeZone`, from an organisation of `side`, with a placement on the other side from
   * 15 November to 26 December 2027, made and confirmed through the API (which makes its checklist and reports).
   */
  async function aConfirmedPlacement(timeZone: string, locale: Locale, side: 'EU' | 'CN'): Promise<World> {
    const cohort = await aCohort(app, {
      status: 'open',
      exchangeWindows: [
        { from: 'EU', to: 'CN', ...WINDOW },
        { from: 'CN', to: 'EU', ...WINDOW },
      ],
    });
    const home = await anOrganisation(app, { region: side });
    const host = await anOrganisation(app, { region: side === 'EU' ? 'CN' : 'EU' });
    const participant = await app.signIn('participant', { timeZone, locale });
    const staff = await aStaffMember(app, { organisationId: home.id, userId: participant.userId });
    const application = await anApplication(app, {
      cohortId: cohort.id,
      staffId: staff.id,
      preferredHostIds: [host.id],
      availableFrom: WINDOW.startsOn,
      availableTo: WINDOW.endsOn,
    });
    const placementId = await placeApplicant(app, coordinator.token, {
      applicationId: application.id,
      cohortId: cohort.id,
      hostOrganisationId: host.id,
      startsOn: STARTS_ON,
      endsOn: ENDS_ON,
    });
    await move(placementId, 'accepted', participant.token);
    await move(placementId, 'confirmed');
    return { participant, placementId, host };
  }

  /** Ticks every checklist item of the placement except those named. */
  async function tickAllBut(world: World, ...open: string[]): Promise<void> {
    const placement = await app
      .http()
      .get(`/api/v1/placements/${world.placementId}`)
      .set(as(coordinator.token))
      .expect(200);
    for (const item of placement.body.checklist as Array<{ key: string }>) {
      if (open.includes(item.key)) continue;
      await app
        .http()
        .put(`/api/v1/placements/${world.placementId}/checklist/${item.key}`)
        .set(as(world.participant.token))
        .send({ done: true })
        .expect(200);
    }
  }

  async function anInProgressPlacement(timeZone: string, locale: Locale, side: 'EU' | 'CN'): Promise<World> {
    const world = await aConfirmedPlacement(timeZone, locale, side);
    await tickAllBut(world);
    await move(world.placementId, 'in_progress');
    return world;
  }

  it('is scheduled in the worker every REMINDER_SWEEP_INTERVAL_MS, and the scheduled job runs the sweep', () => {
    expect(scheduler).toMatchObject({ name: REMINDER_JOBS.sweep, every: SWEEP_INTERVAL_MS });
    expect(scheduledRuns.map((job) => job.name)).toContain(REMINDER_JOBS.sweep);
    // The real clock's pass found nothing on the empty database.
    expect(scheduledRuns[0].returnvalue).toEqual({});
  });

  it(
    'sends the departure reminder 7 days before the start, from 08:00 of each participant’s own day, once',
    async () => {
      const shanghai = await aConfirmedPlacement(SHANGHAI, 'zh', 'CN');
      const berlin = await aConfirmedPlacement(BERLIN, 'en', 'EU');
      await tickAllBut(shanghai);
      await tickAllBut(berlin);

      // 16:30 UTC on 7 November: 00:30 on the 8th in Shanghai (too early), 17:30 on the 7th in Berlin (8 days ahead).
      await sweepAgainAndAgain('2027-11-07T16:30:00Z');
      expect(await reminders(shanghai.participant.userId, 'departure_reminder')).toEqual([]);
      expect(await reminders(berlin.participant.userId, 'departure_reminder')).toEqual([]);

      // 00:30 UTC on the 8th: 08:30 in Shanghai, 01:30 in Berlin.
      await sweepAgainAndAgain('2027-11-08T00:30:00Z');
      expect(await reminders(shanghai.participant.userId, 'departure_reminder')).toEqual([
        expect.objectContaining({
          subject_id: shanghai.placementId,
          dedupe_key: `departure_reminder:${shanghai.participant.userId}:${shanghai.placementId}:${STARTS_ON}`,
        }),
      ]);
      expect(await reminders(berlin.participant.userId, 'departure_reminder')).toEqual([]);

      // 07:00 UTC: 08:00 in Berlin. Then the evening, and the next day in both zones: nothing more.
      await sweepAgainAndAgain('2027-11-08T07:00:00Z');
      await sweepAgainAndAgain('2027-11-08T22:30:00Z');
      await sweepAgainAndAgain('2027-11-09T08:00:00Z');
      expect(await reminders(shanghai.participant.userId, 'departure_reminder')).toHaveLength(1);
      expect(await reminders(berlin.participant.userId, 'departure_reminder')).toEqual([
        expect.objectContaining({
          dedupe_key: `departure_reminder:${berlin.participant.userId}:${berlin.placementId}:${STARTS_ON}`,
        }),
      ]);

      expect(
        await mailWithSubject(shanghai.participant.email, `您在${shanghai.host.name}的交流将于${STARTS_ON}开始`),
      ).toHaveLength(1);
      expect(
        await mailWithSubject(berlin.participant.email, `Your placement at ${berlin.host.name} starts on ${STARTS_ON}`),
      ).toHaveLength(1);
      // No departure reminder in the other language either.
      expect(smtp.messages.filter(to(shanghai.participant.email)).map((mail) => mail.subject)).not.toContain(
        `Your placement at ${shanghai.host.name} starts on ${STARTS_ON}`,
      );
    },
    SLOW,
  );

  it(
    'reminds of an open checklist item 3 days before it is due and once when it is overdue; done items never',
    async () => {
      const shanghai = await aConfirmedPlacement(SHANGHAI, 'zh', 'CN');
      const berlin = await aConfirmedPlacement(BERLIN, 'en', 'EU');
      // The emergency contact is due 7 days before the start, on 8 November; everything else is done.
      await tickAllBut(shanghai, 'emergency_contact');
      await tickAllBut(berlin, 'emergency_contact');
      const dueOn = '2027-11-08';

      // 23:59 UTC on 4 November: 07:59 on the 5th in Shanghai, 00:59 in Berlin: both too early.
      await sweepAgainAndAgain('2027-11-04T23:59:00Z');
      expect(await reminders(shanghai.participant.userId, 'checklist_due')).toEqual([]);
      // 00:00 UTC: 08:00 in Shanghai.
      await sweepAgainAndAgain('2027-11-05T00:00:00Z');
      expect(await reminders(shanghai.participant.userId, 'checklist_due')).toHaveLength(1);
      expect(await reminders(berlin.participant.userId, 'checklist_due')).toEqual([]);
      // 07:00 UTC: 08:00 in Berlin.
      await sweepAgainAndAgain('2027-11-05T07:00:00Z');
      expect(await reminders(berlin.participant.userId, 'checklist_due')).toHaveLength(1);

      // The day itself is not overdue; the next morning is, in each zone, and stays a single reminder.
      await sweepAgainAndAgain('2027-11-08T15:00:00Z');
      expect(await reminders(shanghai.participant.userId, 'checklist_overdue')).toEqual([]);
      expect(await reminders(berlin.participant.userId, 'checklist_overdue')).toEqual([]);
      await sweepAgainAndAgain('2027-11-09T00:30:00Z');
      expect(await reminders(shanghai.participant.userId, 'checklist_overdue')).toHaveLength(1);
      expect(await reminders(berlin.participant.userId, 'checklist_overdue')).toEqual([]);
      await sweepAgainAndAgain('2027-11-09T07:30:00Z');
      await sweepAgainAndAgain('2027-11-12T12:00:00Z');
      for (const world of [shanghai, berlin]) {
        const [overdue] = await reminders(world.participant.userId, 'checklist_overdue');
        expect(await reminders(world.participant.userId, 'checklist_overdue')).toHaveLength(1);
        expect(overdue.dedupe_key).toMatch(
          new RegExp(`^checklist_overdue:${world.participant.userId}:[0-9a-f-]{36}:${dueOn}$`),
        );
      }

      // Each recipient reads the item's name in their own language.
      const item = 'Emergency contact recorded';
      const chineseItem = '已登记紧急联系人';
      expect(
        await mailWithSubject(shanghai.participant.email, `行前清单事项将于${dueOn}到期：${chineseItem}`),
      ).toHaveLength(1);
      expect(await mailWithSubject(shanghai.participant.email, `行前清单事项已逾期：${chineseItem}`)).toHaveLength(1);
      expect(await mailWithSubject(berlin.participant.email, `Checklist item due on ${dueOn}: ${item}`)).toHaveLength(
        1,
      );
      expect(await mailWithSubject(berlin.participant.email, `Checklist item overdue: ${item}`)).toHaveLength(1);
      // The ticked items were never reminded of.
      const checklistMail = smtp.messages
        .filter(to(berlin.participant.email))
        .filter((mail) => mail.subject?.startsWith('Checklist item'));
      expect(checklistMail).toHaveLength(2);
    },
    SLOW,
  );

  it(
    'reminds of a report due in 3 days and of an overdue one, and leaves a submitted report alone',
    async () => {
      const shanghai = await anInProgressPlacement(SHANGHAI, 'zh', 'CN');
      const berlin = await anInProgressPlacement(BERLIN, 'en', 'EU');
      const midterm = '2027-12-05';

      // 2 December, 08:30 in Shanghai and 01:30 in Berlin; then 09:00 in Berlin.
      await sweepAgainAndAgain('2027-12-02T00:30:00Z');
      expect(await reminders(shanghai.participant.userId, 'report_due')).toHaveLength(1);
      expect(await reminders(berlin.participant.userId, 'report_due')).toEqual([]);
      await sweepAgainAndAgain('2027-12-02T08:00:00Z');
      expect(await reminders(berlin.participant.userId, 'report_due')).toHaveLength(1);

      // Berlin hands the midterm report in; Shanghai does not.
      const [report] = (
        await app
          .http()
          .get('/api/v1/participant-reports')
          .query({ placementId: berlin.placementId, kind: 'midterm' })
          .set(as(berlin.participant.token))
          .expect(200)
      ).body.items;
      await app
        .http()
        .post(`/api/v1/participant-reports/${report.id}/submission`)
        .set(as(berlin.participant.token))
        .send({ answers: report.questions.map(() => 'We trained twelve village water monitors.') })
        .expect(200);

      await sweepAgainAndAgain('2027-12-06T08:00:00Z');
      expect(await reminders(shanghai.participant.userId, 'report_overdue')).toEqual([
        expect.objectContaining({ dedupe_key: expect.stringMatching(new RegExp(`:${midterm}$`)) }),
      ]);
      expect(await reminders(berlin.participant.userId, 'report_overdue')).toEqual([]);

      expect(await mailWithSubject(shanghai.participant.email, `您的中期报告将于${midterm}截止`)).toHaveLength(1);
      expect(await mailWithSubject(shanghai.participant.email, '您的中期报告已逾期')).toHaveLength(1);
      expect(await mailWithSubject(berlin.participant.email, `Your midterm report is due on ${midterm}`)).toHaveLength(
        1,
      );
      expect(smtp.messages.filter(to(berlin.participant.email)).map((mail) => mail.subject)).not.toContain(
        'Your midterm report is overdue',
      );
    },
    SLOW,
  );

  it(
    'asks for the exchange log after a week without one, and again only after another silent week',
    async () => {
      const shanghai = await anInProgressPlacement(SHANGHAI, 'zh', 'CN');
      const berlin = await anInProgressPlacement(BERLIN, 'en', 'EU');

      // Started on the 15th; 23:59 on the 21st in Shanghai is day 6 of silence.
      await sweepAgainAndAgain('2027-11-21T15:59:00Z');
      expect(await reminders(shanghai.participant.userId, 'log_reminder')).toEqual([]);
      // 08:30 on the 22nd in Shanghai (01:30 in Berlin): a full week.
      await sweepAgainAndAgain('2027-11-22T00:30:00Z');
      expect(await reminders(shanghai.participant.userId, 'log_reminder')).toHaveLength(1);
      expect(await reminders(berlin.participant.userId, 'log_reminder')).toEqual([]);
      await sweepAgainAndAgain('2027-11-22T07:00:00Z');
      expect(await reminders(berlin.participant.userId, 'log_reminder')).toHaveLength(1);
      // The rest of that week brings no second reminder.
      await sweepAgainAndAgain('2027-11-25T03:00:00Z');
      expect(await reminders(shanghai.participant.userId, 'log_reminder')).toHaveLength(1);

      // Shanghai logs a day's work on the 24th: silence counts from there.
      await app
        .http()
        .post('/api/v1/exchange-logs')
        .set(as(shanghai.participant.token))
        .send({
          placementId: shanghai.placementId,
          loggedOn: '2027-11-24',
          hours: 6,
          activityType: 'field_visit',
          title: 'Visit to the river monitoring station',
        })
        .expect(201);
      await sweepAgainAndAgain('2027-11-30T03:00:00Z'); // day 6 since the log
      expect(await reminders(shanghai.participant.userId, 'log_reminder')).toHaveLength(1);
      await sweepAgainAndAgain('2027-12-01T03:00:00Z'); // day 7 (04:00 in Berlin)
      await sweepAgainAndAgain('2027-12-01T09:00:00Z'); // 10:00 in Berlin
      const shanghaiReminders = await reminders(shanghai.participant.userId, 'log_reminder');
      expect(shanghaiReminders.map((row) => row.dedupe_key.slice(-10))).toEqual(['2027-11-22', '2027-12-01']);
      // Berlin never logged: its second silent week completed on the 29th.
      expect(
        (await reminders(berlin.participant.userId, 'log_reminder')).map((row) => row.dedupe_key.slice(-10)),
      ).toEqual(['2027-11-22', '2027-11-29']);

      expect(await mailWithSubject(shanghai.participant.email, '请记录您的交流活动')).toHaveLength(2);
      expect(await mailWithSubject(berlin.participant.email, 'Please log your exchange activities')).toHaveLength(2);
    },
    SLOW,
  );

  it(
    'tells every coordinator of a milestone due in 7 days on their own day, and not of one already done',
    async () => {
      const inShanghai = await app.signIn('coordinator', { timeZone: SHANGHAI, locale: 'zh' });
      const inBerlin = await app.signIn('coordinator', { timeZone: BERLIN, locale: 'en' });
      const cohort = await aCohort(app, { status: 'active' });
      const eu = await anOrganisation(app, { region: 'EU' });
      const cn = await anOrganisation(app, { region: 'CN' });
      const project = await app
        .http()
        .post('/api/v1/joint-projects')
        .set(as(coordinator.token))
        .send({
          cohortId: cohort.id,
          title: 'Community water monitoring',
          summary: 'Volunteers from both partners train village monitors and publish the data together.',
          thematicAreas: ['water_resources'],
          partnerOrganisationIds: [eu.id, cn.id],
        })
        .expect(201);
      const milestone = (body: object) =>
        app
          .http()
          .post(`/api/v1/joint-projects/${project.body.id}/milestones`)
          .set(as(coordinator.token))
          .send(body)
          .expect(201);
      const open = await milestone({ title: 'Village monitors trained', dueOn: '2027-12-15' });
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const done = await milestone({ title: 'Partners agreed on the method', dueOn: '2027-12-15', doneOn: yesterday });
      const openId: string = open.body.id;
      const doneId: string = done.body.id;

      // 16:30 UTC on 7 December: 00:30 on the 8th in Shanghai, 17:30 on the 7th in Berlin.
      await sweepAgainAndAgain('2027-12-07T16:30:00Z');
      expect(await reminders(inShanghai.userId, 'milestone_due')).toEqual([]);
      expect(await reminders(inBerlin.userId, 'milestone_due')).toEqual([]);
      await sweepAgainAndAgain('2027-12-08T00:30:00Z');
      expect(await reminders(inShanghai.userId, 'milestone_due')).toEqual([
        expect.objectContaining({ dedupe_key: `milestone_due:${inShanghai.userId}:${openId}:2027-12-15` }),
      ]);
      expect(await reminders(inBerlin.userId, 'milestone_due')).toEqual([]);
      await sweepAgainAndAgain('2027-12-08T07:30:00Z');
      expect(await reminders(inBerlin.userId, 'milestone_due')).toEqual([
        expect.objectContaining({ dedupe_key: `milestone_due:${inBerlin.userId}:${openId}:2027-12-15` }),
      ]);
      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM notifications WHERE subject_id = $1`,
        [doneId],
      );
      expect(count).toBe(0);

      expect(
        await mailWithSubject(inShanghai.email, '里程碑将于2027-12-15到期：Village monitors trained'),
      ).toHaveLength(1);
      expect(
        await mailWithSubject(inBerlin.email, 'Milestone due on 2027-12-15: Village monitors trained'),
      ).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'puts a muted reminder type in the inbox without e-mailing it, and still e-mails the others',
    async () => {
      const berlin = await aConfirmedPlacement(BERLIN, 'en', 'EU');
      await app
        .http()
        .put('/api/v1/notifications/preferences')
        .set(as(berlin.participant.token))
        .send({ mutedEmailTypes: ['departure_reminder'] })
        .expect(200);
      // Insurance (due 1 November) stays open, so the same pass also finds it overdue.
      await tickAllBut(berlin, 'insurance');

      await sweepAgainAndAgain('2027-11-08T07:00:00Z');
      await mailWithSubject(berlin.participant.email, 'Checklist item overdue: Travel and health insurance');
      const inbox = await app.http().get('/api/v1/notifications').set(as(berlin.participant.token)).expect(200);
      const departure = inbox.body.items.filter((item: { type: string }) => item.type === 'departure_reminder');
      expect(departure).toEqual([
        expect.objectContaining({
          subjectId: berlin.placementId,
          title: `Your placement at ${berlin.host.name} starts on ${STARTS_ON}`,
        }),
      ]);
      const [row] = await reminders(berlin.participant.userId, 'departure_reminder');
      expect(row).toMatchObject({ email_status: 'skipped' });
      expect(smtp.messages.filter(to(berlin.participant.email)).map((mail) => mail.subject)).not.toContain(
        `Your placement at ${berlin.host.name} starts on ${STARTS_ON}`,
      );
    },
    SLOW,
  );

  describe('GET and PUT /notifications/preferences', () => {
    const put = (token: string, body: unknown) =>
      app
        .http()
        .put('/api/v1/notifications/preferences')
        .set(as(token))
        .send(body as object);
    const get = (token: string) => app.http().get('/api/v1/notifications/preferences').set(as(token));

    it('lets any signed-in user mute reminder types by e-mail, and unmute them', async () => {
      const funder = await app.signIn('funder');
      expect((await get(funder.token).expect(200)).body).toEqual({ mutedEmailTypes: [] });
      const saved = await put(funder.token, { mutedEmailTypes: ['milestone_due', 'departure_reminder'] }).expect(200);
      // In the catalogue's order, whatever the order sent.
      expect(saved.body).toEqual({ mutedEmailTypes: ['departure_reminder', 'milestone_due'] });
      expect((await get(funder.token).expect(200)).body).toEqual(saved.body);
      const [event] = await app.dataSource.query(
        `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'user.email_preferences_changed'`,
        [funder.userId],
      );
      expect(event).toEqual({
        actor_id: funder.userId,
        changes: { mutedEmailTypes: { before: [], after: ['departure_reminder', 'milestone_due'] } },
      });
      await put(funder.token, { mutedEmailTypes: [] }).expect(200);
      expect((await get(funder.token).expect(200)).body).toEqual({ mutedEmailTypes: [] });
    });

    it('keeps each user’s preferences their own', async () => {
      const one = await app.signIn('participant');
      const other = await app.signIn('participant');
      await put(one.token, { mutedEmailTypes: ['log_reminder'] }).expect(200);
      expect((await get(other.token).expect(200)).body).toEqual({ mutedEmailTypes: [] });
    });

    it('refuses to mute invitations or any notification that is not a reminder (400 naming mutedEmailTypes)', async () => {
      const participant = await app.signIn('participant');
      await put(participant.token, { mutedEmailTypes: ['log_reminder'] }).expect(200);
      for (const type of ['invitation', 'placement_confirmed', 'matching_run_finished', 'no_such_type']) {
        const refused = await put(participant.token, { mutedEmailTypes: ['report_due', type] });
        expectInvalid(refused, 'mutedEmailTypes');
        expect(refused.body.errors[0].message).toMatch(/reminder type/);
      }
      // Nothing was changed by the refused requests.
      expect((await get(participant.token).expect(200)).body).toEqual({ mutedEmailTypes: ['log_reminder'] });
    });

    it('refuses malformed preferences with a problem naming the field', async () => {
      const participant = await app.signIn('participant');
      expectInvalid(await put(participant.token, {}), 'mutedEmailTypes');
      expectInvalid(await put(participant.token, { mutedEmailTypes: 'log_reminder' }), 'mutedEmailTypes');
      expectInvalid(await put(participant.token, { mutedEmailTypes: [42] }), 'mutedEmailTypes');
      expectInvalid(
        await put(participant.token, { mutedEmailTypes: ['log_reminder', 'log_reminder'] }),
        'mutedEmailTypes',
      );
      expectInvalid(
        await put(participant.token, { mutedEmailTypes: [], webhookUrl: 'https://x.example' }),
        'webhookUrl',
      );
    });

    it('needs a signed-in user', async () => {
      expectProblem(await app.http().get('/api/v1/notifications/preferences'), 401, '/problems/unauthenticated');
      expectProblem(
        await app.http().put('/api/v1/notifications/preferences').send({ mutedEmailTypes: [] }),
        401,
        '/problems/unauthenticated',
      );
    });
  });
});
