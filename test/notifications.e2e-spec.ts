import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ParsedMail } from 'mailparser';
import { InvitationsService } from '../src/invitations/invitations.service';
import { NotificationDelivery } from '../src/notifications/notification-delivery';
import { NotificationRelay } from '../src/notifications/notification-relay';
import { NotificationsService } from '../src/notifications/notifications.service';
import { aCohort, anApplication, anOrganisation, aStaffMember, aUser } from './support/builders';
import { as, expectProblem } from './support/http';
import { placeApplicant } from './support/placement-world';
import { SmtpListener, to } from './support/smtp-listener';
import { TestApp } from './support/test-app';

/** Notifications end to end: written in the change's transaction, relayed by the worker, sent over SMTP. */
describe('Notifications (outbox, worker, SMTP)', () => {
  const smtp = new SmtpListener();
  let app: TestApp;
  let worker: INestApplicationContext;
  let coordinator: { token: string; userId: string; email: string };

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    app = await TestApp.start({ SMTP_URL: smtpUrl, NOTIFICATION_RELAY_INTERVAL_MS: '100' });
    // Loaded after the app, whose start read the configuration both share.
    const { WorkerModule } = await import('../src/worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    coordinator = await app.signIn('coordinator', { locale: 'en' });
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await smtp.stop();
  });

  /** Waits until the relay has nothing left and every delivery finished, then counts mail to an address. */
  async function mailTo(address: string, atLeast = 1): Promise<ParsedMail[]> {
    await smtp.waitFor(to(address));
    const deadline = Date.now() + 5_000;
    for (;;) {
      const [{ pending }] = await app.dataSource.query(
        `SELECT count(*)::int AS pending FROM notifications WHERE email_status IN ('pending', 'sending')`,
      );
      if (pending === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const received = smtp.messages.filter(to(address));
    expect(received.length).toBeGreaterThanOrEqual(atLeast);
    return received;
  }

  it('e-mails an invitation link, in the language asked for, exactly once', async () => {
    const invite = (email: string, locale?: 'zh') =>
      app
        .http()
        .post('/api/v1/invitations')
        .set(as(coordinator.token))
        .send({ email, displayName: locale ? '李娜' : 'Anna Berg', role: 'participant', ...(locale && { locale }) })
        .expect(201);
    await invite('anna.berg@example.org');
    await invite('li.na@example.cn', 'zh');
    const [english] = await mailTo('anna.berg@example.org');
    expect(english.subject).toBe('You are invited to the twinning programme');
    expect(english.text).toMatch(/\/accept-invitation\?token=[A-Za-z0-9_-]{20,}/);
    const [chinese] = await mailTo('li.na@example.cn');
    expect(chinese.subject).toBe('诚邀您加入结对交流项目');
    expect(chinese.text).toContain('李娜');
    expect(smtp.messages.filter(to('anna.berg@example.org'))).toHaveLength(1);
  });

  it('writes nothing when the change rolls back (a refused invitation sends no mail)', async () => {
    await aUser(app, { email: 'already@example.org' });
    await app
      .http()
      .post('/api/v1/invitations')
      .set(as(coordinator.token))
      .send({ email: 'already@example.org', displayName: 'Again', role: 'participant' })
      .expect(409);
    await expect(
      app.dataSource.transaction(async (tx) => {
        await app.get(NotificationsService).notifyAddress(tx, 'rolled.back@example.org', 'en', {
          type: 'invitation',
          subject: { type: 'invitation', id: null },
          params: { name: 'X', role: 'funder', link: 'x', expiresOn: 'x' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await worker.get(NotificationRelay).sweep();
    const rows = await app.dataSource.query(
      `SELECT id FROM notifications WHERE recipient_email IN ('already@example.org', 'rolled.back@example.org')`,
    );
    expect(rows).toEqual([]);
  });

  it("tells the participant, the coordinators and the host of a placement's news, each in their language", async () => {
    const eu = await anOrganisation(app, { region: 'EU', contactEmail: 'desk@berlin-water.example' });
    const cn = await anOrganisation(app, {
      region: 'CN',
      contactEmail: 'office@chengdu-water.example',
      workingLanguages: ['zh', 'en'],
    });
    const participant = await app.signIn('participant', { locale: 'zh', email: 'wang.fang@example.cn' });
    const staff = await aStaffMember(app, { organisationId: eu.id, userId: participant.userId, fullName: '王芳' });
    const cohort = await aCohort(app, { status: 'open' });
    const application = await anApplication(app, { cohortId: cohort.id, staffId: staff.id, preferredHostIds: [cn.id] });
    const placementId = await placeApplicant(app, coordinator.token, {
      applicationId: application.id,
      cohortId: cohort.id,
      hostOrganisationId: cn.id,
      startsOn: '2027-08-02',
      endsOn: '2027-09-12',
    });

    const [proposedToParticipant] = await mailTo('wang.fang@example.cn');
    expect(proposedToParticipant.subject).toBe(`交流安排建议：王芳前往${cn.name}`);
    const [proposedToHost] = await mailTo('office@chengdu-water.example');
    expect(proposedToHost.subject).toBe(`交流安排建议：王芳前往${cn.name}`);

    await app
      .http()
      .post(`/api/v1/placements/${placementId}/transitions`)
      .set(as(participant.token))
      .send({ to: 'accepted' })
      .expect(200);
    const toCoordinator = await mailTo(coordinator.email);
    expect(toCoordinator.map((mail) => mail.subject)).toContain(`Placement accepted: 王芳 at ${cn.name}`);

    await app
      .http()
      .post(`/api/v1/placements/${placementId}/transitions`)
      .set(as(coordinator.token))
      .send({ to: 'cancelled', reason: 'The host office is closed' })
      .expect(200);
    const participantMail = await mailTo('wang.fang@example.cn', 2);
    const cancelled = participantMail.find((mail) => mail.subject?.startsWith('交流安排已取消'))!;
    expect(cancelled.text).toContain('The host office is closed');
    // One e-mail per piece of news and recipient.
    expect(participantMail.map((mail) => mail.subject).sort()).toEqual(
      [`交流安排建议：王芳前往${cn.name}`, `交流安排已取消：王芳前往${cn.name}`].sort(),
    );

    // The participant's inbox holds the same news, in Chinese; nobody else reads it.
    const inbox = await app.http().get('/api/v1/notifications').set(as(participant.token)).expect(200);
    expect(inbox.body.items.map((item: { type: string }) => item.type)).toEqual([
      'placement_cancelled',
      'placement_proposed',
    ]);
    const [first] = inbox.body.items;
    expectProblem(
      await app.http().post(`/api/v1/notifications/${first.id}/read`).set(as(coordinator.token)),
      404,
      '/problems/not-found',
    );
    await app.http().post(`/api/v1/notifications/${first.id}/read`).set(as(participant.token)).expect(200);
    const unread = await app.http().get('/api/v1/notifications?unread=true').set(as(participant.token)).expect(200);
    expect(unread.body.total).toBe(1);
    const all = await app.http().post('/api/v1/notifications/read-all').set(as(participant.token)).expect(200);
    expect(all.body).toEqual({ updated: 1 });
    const none = await app.http().get('/api/v1/notifications?unread=true').set(as(participant.token)).expect(200);
    expect(none.body.total).toBe(0);
  });

  it('tells of a declined and a confirmed placement, and of a finished matching run, once each', async () => {
    const eu = await anOrganisation(app, { region: 'EU', contactEmail: 'desk@hamburg-river.example' });
    const cn = await anOrganisation(app, { region: 'CN', contactEmail: 'office@kunming-lake.example' });
    const cohort = await aCohort(app, { status: 'open' });
    const people: Array<{ token: string; userId: string; application: { id: string } }> = [];
    for (const email of ['ana.silva@example.org', 'jonas.weber@example.org']) {
      const person = await app.signIn('participant', { locale: 'en', email });
      const staff = await aStaffMember(app, {
        organisationId: eu.id,
        userId: person.userId,
        fullName: email.split('@')[0],
      });
      const application = await anApplication(app, {
        cohortId: cohort.id,
        staffId: staff.id,
        preferredHostIds: [cn.id],
      });
      await app
        .http()
        .post(`/api/v1/applications/${application.id}/transitions`)
        .set(as(coordinator.token))
        .send({ to: 'accepted' })
        .expect(200);
      people.push({ ...person, application });
    }
    await app
      .http()
      .post(`/api/v1/cohorts/${cohort.id}/transitions`)
      .set(as(coordinator.token))
      .send({ to: 'matching' })
      .expect(200);

    // A run finished by the real worker tells every coordinator.
    const run = await app
      .http()
      .post(`/api/v1/cohorts/${cohort.id}/matching-runs`)
      .set(as(coordinator.token))
      .send({ algorithm: 'optimal', dryRun: true })
      .expect(202);
    const finished = await smtp.waitFor(
      (mail) => to(coordinator.email)(mail) && (mail.subject ?? '').startsWith('Matching run finished'),
      15_000,
    );
    expect(finished.text).toContain(cohort.name);
    const [{ count: runNotices }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM notifications WHERE subject_id = $1 AND recipient_user_id = $2`,
      [run.body.id, coordinator.userId],
    );
    expect(runNotices).toBe(1);

    const placementFor = async (person: (typeof people)[number], dates: { startsOn: string; endsOn: string }) =>
      (
        await app
          .http()
          .post('/api/v1/placements')
          .set(as(coordinator.token))
          .send({ applicationId: person.application.id, hostOrganisationId: cn.id, ...dates })
          .expect(201)
      ).body.id as string;
    const declined = await placementFor(people[0], { startsOn: '2027-08-02', endsOn: '2027-09-12' });
    const confirmed = await placementFor(people[1], { startsOn: '2027-08-03', endsOn: '2027-09-13' });
    const move = (id: string, token: string, body: object) =>
      app.http().post(`/api/v1/placements/${id}/transitions`).set(as(token)).send(body).expect(200);
    await move(declined, people[0].token, { to: 'declined' });
    await move(confirmed, people[1].token, { to: 'accepted' });
    await move(confirmed, coordinator.token, { to: 'confirmed' });

    await smtp.waitFor((mail) => (mail.subject ?? '').startsWith('Placement declined: ana.silva'));
    const hostMail = await mailTo('office@kunming-lake.example', 4);
    const hostSubjects = hostMail.map((mail) => mail.subject).sort();
    expect(hostSubjects).toEqual(
      [
        `交流安排建议：ana.silva前往${cn.name}`,
        `交流安排已拒绝：ana.silva前往${cn.name}`,
        `交流安排建议：jonas.weber前往${cn.name}`,
        `交流安排已确认：jonas.weber前往${cn.name}`,
      ].sort(),
    );
    const jonas = await mailTo('jonas.weber@example.org', 2);
    expect(jonas.map((mail) => mail.subject).sort()).toEqual(
      [`Placement confirmed: jonas.weber at ${cn.name}`, `Placement proposed: jonas.weber at ${cn.name}`].sort(),
    );
    const declinedNotices = smtp.messages.filter(
      (mail) => to(coordinator.email)(mail) && mail.subject === `Placement declined: ana.silva at ${cn.name}`,
    );
    expect(declinedNotices).toHaveLength(1);
  });

  it('sends once when the same notification is delivered twice', async () => {
    const { invitation } = await app
      .get(InvitationsService)
      .create({ email: 'twice@example.org', displayName: 'Twice', role: 'funder' }, null);
    await mailTo('twice@example.org');
    const [{ id }] = await app.dataSource.query(`SELECT id FROM notifications WHERE subject_id = $1`, [invitation.id]);
    await worker.get(NotificationDelivery).deliver(id);
    await worker.get(NotificationDelivery).deliver(id);
    expect(smtp.messages.filter(to('twice@example.org'))).toHaveLength(1);
    const [row] = await app.dataSource.query(`SELECT email_status, email_attempts FROM notifications WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({ email_status: 'sent', email_attempts: 1 });
  });
});
