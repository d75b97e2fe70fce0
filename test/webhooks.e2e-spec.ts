import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationsService } from '../src/notifications/notifications.service';
import { as } from './support/http';
import { SmtpListener } from './support/smtp-listener';
import { TestApp } from './support/test-app';

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  signatureValid: boolean;
  answered: number;
}

/**
 * A real HTTP receiver on a free loopback port, checking each request the way docs/webhooks.md tells receivers to:
 * HMAC-SHA256 of `<timestamp>.<raw body>` under the path's secret, compared in constant time, timestamp fresh.
 * `answers` says, per path, what to answer to the n-th request for one notification (0-based).
 */
class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  readonly secrets = new Map<string, string>();
  readonly answers = new Map<string, (attempt: number) => number>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const id = request.headers['x-twinning-notification-id'];
      const attempt = this.deliveries.filter((d) => d.path === path && d.headers['x-twinning-notification-id'] === id);
      const answered = (this.answers.get(path) ?? (() => 200))(attempt.length);
      this.deliveries.push({
        path,
        headers: request.headers,
        rawBody,
        signatureValid: this.verify(path, request.headers, rawBody),
        answered,
      });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'not now');
    });
  });

  private verify(path: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
    const secret = this.secrets.get(path);
    const timestamp = String(headers['x-twinning-timestamp'] ?? '');
    const signature = String(headers['x-twinning-signature'] ?? '');
    if (!secret || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
    );
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  for(notificationId: string): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.headers['x-twinning-notification-id'] === notificationId);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The webhook channel end to end: registered over HTTP, delivered by the real worker to a real receiver. */
describe('Webhook notifications (worker, real receiver)', () => {
  const smtp = new SmtpListener();
  const receiver = new WebhookReceiver();
  let base: string;
  let app: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    base = await receiver.start();
    app = await TestApp.start({
      SMTP_URL: smtpUrl,
      // The receiver listens on loopback over plain HTTP, which only this setting allows.
      WEBHOOK_ALLOW_INSECURE: 'true',
      NOTIFICATION_RELAY_INTERVAL_MS: '100',
      NOTIFICATION_MAX_ATTEMPTS: '3',
      NOTIFICATION_BACKOFF_MS: '100',
    });
    // Loaded after the app, whose start read the configuration both share.
    const { WorkerModule } = await import('../src/worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
  });

  afterAll(async () => {
    // Whatever started is stopped, even when the start failed half-way, so Jest can end.
    await worker?.close();
    await app?.close();
    await receiver.stop();
    await smtp.stop();
  });

  /** A participant with a webhook on its own receiver path, answering as `answer` says. */
  async function subscriber(answer: (attempt: number) => number = () => 200, locale: 'en' | 'zh' = 'en') {
    const user = await app.signIn('participant', { locale });
    const path = `/hook/${randomUUID()}`;
    const registered = await app
      .http()
      .put('/api/v1/notifications/webhook')
      .set(as(user.token))
      .send({ url: `${base}${path}` })
      .expect(200);
    receiver.secrets.set(path, registered.body.secret);
    receiver.answers.set(path, answer);
    return { ...user, path };
  }

  /** Writes a notification for the user as other modules do, in a committed transaction; returns its id. */
  async function notify(userId: string): Promise<string> {
    const subjectId = randomUUID();
    await app.dataSource.transaction((tx) =>
      app.get(NotificationsService).notifyUser(tx, userId, {
        type: 'report_due',
        subject: { type: 'participant_report', id: subjectId },
        params: { kind: 'midterm', host: 'Chengdu Water Alliance', dueOn: '2027-09-01' },
      }),
    );
    const [row] = await app.dataSource.query(`SELECT id FROM notifications WHERE subject_id = $1`, [subjectId]);
    return row.id;
  }

  /** Waits until the webhook channel of the notification is settled (sent or failed), and returns its row. */
  async function settled(id: string) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await app.dataSource.query(
        `SELECT webhook_status AS status, webhook_attempts AS attempts, webhook_last_error AS "lastError"
           FROM notifications WHERE id = $1`,
        [id],
      );
      if (['sent', 'failed', 'skipped'].includes(row.status)) return row;
      if (Date.now() > deadline) throw new Error(`webhook of ${id} still ${row.status} after 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('POSTs the notification once, as JSON signed with the secret shown at registration', async () => {
    const user = await subscriber(() => 200, 'zh');
    const id = await notify(user.userId);

    expect(await settled(id)).toEqual({ status: 'sent', attempts: 1, lastError: null });
    const deliveries = receiver.for(id);
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery.path).toBe(user.path);
    expect(delivery.signatureValid).toBe(true);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-twinning-notification-id']).toBe(id);
    const [row] = await app.dataSource.query(
      `SELECT title, body, subject_id, created_at FROM notifications WHERE id = $1`,
      [id],
    );
    expect(JSON.parse(delivery.rawBody)).toEqual({
      id,
      type: 'report_due',
      subject: { type: 'participant_report', id: row.subject_id },
      title: row.title,
      body: row.body,
      locale: 'zh',
      createdAt: row.created_at.toISOString(),
    });
    // The recipient's language, as in the inbox and the e-mail.
    expect(row.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('signs with the newest secret only: a re-registered webhook is not verifiable with the old one', async () => {
    const user = await subscriber();
    const oldSecret = receiver.secrets.get(user.path)!;
    const again = await app
      .http()
      .put('/api/v1/notifications/webhook')
      .set(as(user.token))
      .send({ url: `${base}${user.path}` })
      .expect(200);
    expect(again.body.secret).not.toBe(oldSecret);
    const id = await notify(user.userId);
    await settled(id);
    const [delivery] = receiver.for(id);
    expect(delivery.signatureValid).toBe(false);
    receiver.secrets.set(user.path, again.body.secret);
    const freshId = await notify(user.userId);
    await settled(freshId);
    expect(receiver.for(freshId).map((d) => d.signatureValid)).toEqual([true]);
  });

  it('retries a receiver that fails twice, and it then gets the notification exactly once', async () => {
    const user = await subscriber((attempt) => (attempt < 2 ? 500 : 200));
    const id = await notify(user.userId);

    expect(await settled(id)).toEqual({ status: 'sent', attempts: 3, lastError: null });
    const deliveries = receiver.for(id);
    expect(deliveries.map((d) => d.answered)).toEqual([500, 500, 200]);
    expect(deliveries.every((d) => d.signatureValid)).toBe(true);
    // The same notification id each time, so a receiver can tell a retry from a new notification.
    expect(new Set(deliveries.map((d) => d.headers['x-twinning-notification-id']))).toEqual(new Set([id]));
    // The e-mail went out once, unaffected by the webhook's retries.
    const mails = smtp.messages.filter((mail) => [mail.to].flat().some((to) => to?.text.includes(user.email)));
    expect(mails).toHaveLength(1);
  });

  it('marks the webhook failed, with the last error, after the configured attempts', async () => {
    const user = await subscriber(() => 500);
    const id = await notify(user.userId);

    expect(await settled(id)).toEqual({ status: 'failed', attempts: 3, lastError: 'the webhook answered HTTP 500' });
    expect(receiver.for(id)).toHaveLength(3);
    // Nothing more arrives once failed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.for(id)).toHaveLength(3);
  });

  it('counts an unreachable receiver as a failure like any other', async () => {
    const user = await app.signIn('participant');
    // A port nothing listens on: taken by a server that is closed again at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await app
      .http()
      .put('/api/v1/notifications/webhook')
      .set(as(user.token))
      .send({ url: `http://127.0.0.1:${port}/hook` })
      .expect(200);
    const id = await notify(user.userId);

    const row = await settled(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
  });

  it('sends nothing once the webhook is removed, and nothing for users without one', async () => {
    const user = await subscriber();
    await app.http().delete('/api/v1/notifications/webhook').set(as(user.token)).expect(204);
    const id = await notify(user.userId);
    const plain = await app.signIn('participant');
    const plainId = await notify(plain.userId);

    expect(await settled(id)).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(await settled(plainId)).toMatchObject({ status: 'skipped', attempts: 0 });
    await smtp.waitFor((mail) => [mail.to].flat().some((to) => to?.text.includes(plain.email)));
    expect(receiver.for(id)).toHaveLength(0);
    expect(receiver.for(plainId)).toHaveLength(0);
  });
});
