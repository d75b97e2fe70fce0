import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import type { Notification } from './notification.entity';
import { NotificationDelivery } from './notification-delivery';
import { parseWebhookUrl, publicOnlyLookup } from './webhook-url';

/** A receiver that has not answered by then counts as failed; the queue retries later. */
const TIMEOUT_MS = 10_000;

/** `sha256=<hex>` over `<timestamp>.<raw body>`: what a receiver recomputes (docs/webhooks.md). */
export const webhookSignature = (secret: string, timestamp: string, rawBody: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/**
 * The webhook channel: every notification of a user who registered a webhook is POSTed there as signed JSON.
 * A non-2xx answer, a timeout or a refused address is a failure, retried by the queue like e-mail.
 */
@Injectable()
export class WebhookChannel implements OnModuleInit {
  private readonly allowInsecure: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: NotificationDelivery,
    config: ConfigService<Environment, true>,
  ) {
    this.allowInsecure = config.get('WEBHOOK_ALLOW_INSECURE', { infer: true });
  }

  onModuleInit(): void {
    this.delivery.register({ name: 'webhook', send: (notification) => this.send(notification) });
  }

  async send(notification: Notification): Promise<void> {
    const [target]: Array<{ url: string | null; secret: string | null }> = await this.dataSource.query(
      `SELECT webhook_url AS url, webhook_secret AS secret FROM users WHERE id = $1`,
      [notification.recipientUserId],
    );
    // Removed since the notification was written (removal skips what is still pending; this is the race).
    if (!target?.url || !target.secret) throw new Error('the recipient has no webhook any more');
    // Checked again: the configuration may have changed since the URL was registered.
    const verdict = parseWebhookUrl(target.url, this.allowInsecure);
    if (!verdict.ok) throw new Error(`webhook URL refused: ${verdict.message}`);

    const body = JSON.stringify({
      id: notification.id,
      type: notification.type,
      subject: { type: notification.subjectType, id: notification.subjectId },
      title: notification.title,
      body: notification.body,
      locale: notification.locale,
      createdAt: new Date(notification.createdAt).toISOString(),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const status = await this.post(verdict.url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'twinning-platform-webhooks',
      'X-Twinning-Timestamp': timestamp,
      'X-Twinning-Signature': webhookSignature(target.secret, timestamp, body),
      'X-Twinning-Notification-Id': notification.id,
    });
    if (status < 200 || status > 299) throw new Error(`the webhook answered HTTP ${status}`);
  }

  /**
   * node:http rather than fetch: its `lookup` hook lets every connection be checked on the address it really
   * connects to (fetch resolves on its own, after any check of ours), and it never follows redirects, which could
   * lead anywhere. The answer's body is drained, not read.
   */
  private post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
          // IP literals never reach lookup; parseWebhookUrl has checked them.
          lookup: this.allowInsecure ? undefined : publicOnlyLookup,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (response) => {
          response.on('error', reject);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.resume();
        },
      );
      outgoing.on('error', (error) =>
        reject(
          error.name === 'AbortError' ? new Error(`the webhook did not answer within ${TIMEOUT_MS / 1000} s`) : error,
        ),
      );
      outgoing.end(body);
    });
  }
}
