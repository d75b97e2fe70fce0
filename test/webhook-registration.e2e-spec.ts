import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Notification } from '../src/notifications/notification.entity';
import type { NotificationDelivery } from '../src/notifications/notification-delivery';
import { NotificationsService } from '../src/notifications/notifications.service';
import { WebhookChannel } from '../src/notifications/webhook-channel';
import { as, expectInvalid, expectProblem, fieldsOf } from './support/http';
import { TestApp } from './support/test-app';

const WEBHOOK = '/api/v1/notifications/webhook';

/** Registering a webhook with the default configuration: HTTPS to public addresses only (§7). */
describe('Webhook registration', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(() => app?.close());

  const register = (token: string, url: unknown) => app.http().put(WEBHOOK).set(as(token)).send({ url });

  it('registers an https URL on a public address and shows its secret this once', async () => {
    const user = await app.signIn('participant');
    const response = await register(user.token, 'https://93.184.216.34/hook?channel=twinning').expect(200);

    expect(response.body).toEqual({ url: 'https://93.184.216.34/hook?channel=twinning', secret: expect.any(String) });
    expect(response.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const [stored] = await app.dataSource.query(`SELECT webhook_url, webhook_secret FROM users WHERE id = $1`, [
      user.userId,
    ]);
    expect(stored).toEqual({ webhook_url: response.body.url, webhook_secret: response.body.secret });

    const read = await app.http().get(WEBHOOK).set(as(user.token)).expect(200);
    expect(read.body).toEqual({ url: 'https://93.184.216.34/hook?channel=twinning' });
    expect(JSON.stringify(read.body)).not.toContain(response.body.secret);
  });

  it('makes a new secret each time the webhook is registered again', async () => {
    const user = await app.signIn('coordinator');
    const first = await register(user.token, 'https://93.184.216.34/a').expect(200);
    const second = await register(user.token, 'https://93.184.216.34/b').expect(200);

    expect(second.body.secret).not.toBe(first.body.secret);
    const [stored] = await app.dataSource.query(`SELECT webhook_secret FROM users WHERE id = $1`, [user.userId]);
    expect(stored.webhook_secret).toBe(second.body.secret);
    expect((await app.http().get(WEBHOOK).set(as(user.token)).expect(200)).body).toEqual({
      url: 'https://93.184.216.34/b',
    });
  });

  it("shows each user only their own webhook; another user's reads as none", async () => {
    const owner = await app.signIn('funder');
    const other = await app.signIn('reviewer');
    await register(owner.token, 'https://93.184.216.34/owner').expect(200);

    const response = await app.http().get(WEBHOOK).set(as(other.token));
    expectProblem(response, 404, '/problems/not-found');
    expect(JSON.stringify(response.body)).not.toContain('/owner');
    // Removing one's own leaves the other's alone.
    await app.http().delete(WEBHOOK).set(as(other.token)).expect(204);
    expect((await app.http().get(WEBHOOK).set(as(owner.token)).expect(200)).body.url).toBe(
      'https://93.184.216.34/owner',
    );
  });

  it('refuses plain http, naming url', async () => {
    const user = await app.signIn('participant');
    const response = await register(user.token, 'http://93.184.216.34/hook');
    expectInvalid(response, 'url');
    expect(response.body.errors).toEqual([{ field: 'url', message: 'must be an https: URL' }]);
  });

  it.each([
    ['a missing url', undefined],
    ['a number', 42],
    ['a relative URL', '/hook'],
    ['another scheme', 'ftp://93.184.216.34/hook'],
    ['a URL longer than 2048 characters', `https://93.184.216.34/${'a'.repeat(2048)}`],
  ])('refuses %s, naming url', async (_, url) => {
    const user = await app.signIn('participant');
    expectInvalid(await register(user.token, url), 'url');
  });

  it.each([
    'https://127.0.0.1/hook',
    'https://127.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://0.0.0.0/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.1.2.3/hook',
    'https://172.16.5.4/hook',
    'https://192.168.1.20/hook',
    'https://100.64.0.9/hook',
    'https://[fd00::1]/hook',
    'https://[fe80::1]/hook',
    // A host name is judged by the addresses it resolves to (here from the hosts file: loopback).
    'https://localhost/hook',
  ])('refuses %s, which is not a public address, naming url', async (url) => {
    const user = await app.signIn('participant');
    const response = await register(user.token, url);
    expectProblem(response, 422, '/problems/webhook-address-refused');
    expect(fieldsOf(response.body)).toEqual(['url']);
    const [stored] = await app.dataSource.query(`SELECT webhook_url, webhook_secret FROM users WHERE id = $1`, [
      user.userId,
    ]);
    expect(stored).toEqual({ webhook_url: null, webhook_secret: null });
  });

  it('keeps the registered webhook when a replacement is refused', async () => {
    const user = await app.signIn('participant');
    await register(user.token, 'https://93.184.216.34/kept').expect(200);
    expectProblem(await register(user.token, 'https://10.0.0.1/hook'), 422, '/problems/webhook-address-refused');
    expect((await app.http().get(WEBHOOK).set(as(user.token)).expect(200)).body.url).toBe('https://93.184.216.34/kept');
  });

  it('removes the webhook: none to read, none to sign with, and pending notifications are not sent there', async () => {
    const user = await app.signIn('participant');
    await register(user.token, 'https://93.184.216.34/hook').expect(200);
    // No worker runs in this file: the notification stays pending.
    const subjectId = randomUUID();
    await app.dataSource.transaction((tx) =>
      app.get(NotificationsService).notifyUser(tx, user.userId, {
        type: 'log_reminder',
        subject: { type: 'placement', id: subjectId },
        params: { host: 'Chengdu Water Alliance' },
      }),
    );
    const statusOf = async () =>
      (await app.dataSource.query(`SELECT webhook_status FROM notifications WHERE subject_id = $1`, [subjectId]))[0]
        .webhook_status;
    expect(await statusOf()).toBe('pending');

    await app.http().delete(WEBHOOK).set(as(user.token)).expect(204);

    expectProblem(await app.http().get(WEBHOOK).set(as(user.token)), 404, '/problems/not-found');
    const [stored] = await app.dataSource.query(`SELECT webhook_url, webhook_secret FROM users WHERE id = $1`, [
      user.userId,
    ]);
    expect(stored).toEqual({ webhook_url: null, webhook_secret: null });
    expect(await statusOf()).toBe('skipped');
    // Removing what is not there is no error.
    await app.http().delete(WEBHOOK).set(as(user.token)).expect(204);
  });

  it('records registration and removal in the audit log with the host only, never the path or secret', async () => {
    const user = await app.signIn('participant');
    const registered = await register(user.token, 'https://93.184.216.34/T0KEN-in-path').expect(200);
    await app.http().delete(WEBHOOK).set(as(user.token)).expect(204);

    const events = await app.dataSource.query(
      `SELECT action, changes FROM audit_events WHERE entity_id = $1 AND action LIKE 'user.webhook%' ORDER BY occurred_at`,
      [user.userId],
    );
    expect(events).toEqual([
      { action: 'user.webhook_registered', changes: { webhookHost: { before: null, after: '93.184.216.34' } } },
      { action: 'user.webhook_removed', changes: { webhookHost: { before: '93.184.216.34', after: null } } },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/T0KEN|secret/);
    expect(JSON.stringify(events)).not.toContain(registered.body.secret);
  });

  it('checks the address again when delivering, and never connects to one that is not public', async () => {
    // A receiver on loopback stands for an internal service; it counts every connection made to it.
    let connections = 0;
    const internal = createServer((_, response) => response.end());
    internal.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const { port } = internal.address() as AddressInfo;
    const channel = new WebhookChannel(
      app.dataSource,
      { register: () => undefined } as unknown as NotificationDelivery,
      app.get(ConfigService),
    );
    try {
      const user = await app.signIn('participant');
      await register(user.token, 'https://93.184.216.34/hook').expect(200);
      const subjectId = randomUUID();
      await app.dataSource.transaction((tx) =>
        app.get(NotificationsService).notifyUser(tx, user.userId, {
          type: 'log_reminder',
          subject: { type: 'placement', id: subjectId },
          params: { host: 'Chengdu Water Alliance' },
        }),
      );
      const notification = await app.dataSource.getRepository(Notification).findOneByOrFail({ subjectId });
      const pointTo = (url: string) =>
        app.dataSource.query(`UPDATE users SET webhook_url = $2 WHERE id = $1`, [user.userId, url]);

      // The name now resolves to loopback (DNS changed after registration): refused when connecting.
      await pointTo(`https://localhost:${port}/hook`);
      await expect(channel.send(notification)).rejects.toThrow('localhost resolves to a non-public address');
      // Stored before the rules were as strict (plain HTTP, a literal private address).
      await pointTo(`https://127.0.0.1:${port}/hook`);
      await expect(channel.send(notification)).rejects.toThrow(/webhook URL refused: .*non-public address/);
      await pointTo(`http://127.0.0.1:${port}/hook`);
      await expect(channel.send(notification)).rejects.toThrow('webhook URL refused: must be an https: URL');
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => internal.close(resolve));
    }
  });

  it('asks for a signed-in user', async () => {
    expectProblem(await app.http().get(WEBHOOK), 401, '/problems/unauthenticated');
    expectProblem(
      await app.http().put(WEBHOOK).send({ url: 'https://93.184.216.34/hook' }),
      401,
      '/problems/unauthenticated',
    );
    expectProblem(await app.http().delete(WEBHOOK), 401, '/problems/unauthenticated');
  });
});
