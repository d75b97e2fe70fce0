import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { newOpaqueToken } from '../common/auth/opaque-token';
import { notFound, ProblemException, ValidationProblem } from '../common/http/problem.exception';
import type { Environment } from '../config/environment';
import { User } from '../users/user.entity';
import { checkWebhookUrl } from './webhook-url';

/** The host only: webhook URLs of messengers carry their own access tokens in the path, which the log must not keep. */
const hostOf = (url: string | null) => (url ? new URL(url).host : null);

/** A user's own webhook (§7): registered, read back without its secret, removed. */
@Injectable()
export class WebhookService {
  private readonly allowInsecure: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    config: ConfigService<Environment, true>,
  ) {
    this.allowInsecure = config.get('WEBHOOK_ALLOW_INSECURE', { infer: true });
  }

  /** Sets or replaces the URL; a new secret every time, returned this once (replacing it is how it is rotated). */
  async register(userId: string, rawUrl: string): Promise<{ url: string; secret: string }> {
    const verdict = await checkWebhookUrl(rawUrl, this.allowInsecure);
    if (!verdict.ok) {
      const errors = [{ field: 'url', message: verdict.message }];
      if (verdict.reason === 'malformed' || verdict.reason === 'scheme') throw new ValidationProblem(errors);
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'webhook-address-refused',
        'Webhook address refused',
        `url: ${verdict.message}`,
        { errors },
      );
    }
    const url = verdict.url.href;
    const secret = newOpaqueToken();
    await this.dataSource.transaction(async (tx) => {
      const before = await tx
        .getRepository(User)
        .findOne({ select: { id: true, webhookUrl: true }, where: { id: userId } });
      if (!before) throw notFound('User');
      await tx.getRepository(User).update({ id: userId }, { webhookUrl: url, webhookSecret: secret });
      await this.audit.record(
        {
          actorId: userId,
          action: 'user.webhook_registered',
          entityType: 'user',
          entityId: userId,
          changes: { webhookHost: { before: hostOf(before.webhookUrl), after: hostOf(url) } },
        },
        tx,
      );
    });
    return { url, secret };
  }

  async get(userId: string): Promise<{ url: string }> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ select: { id: true, webhookUrl: true }, where: { id: userId } });
    if (!user?.webhookUrl) throw notFound('Webhook');
    return { url: user.webhookUrl };
  }

  /** Removes the webhook; notifications still waiting for it are not sent there any more. Idempotent. */
  async remove(userId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const before = await tx
        .getRepository(User)
        .findOne({ select: { id: true, webhookUrl: true }, where: { id: userId } });
      if (!before?.webhookUrl) return;
      await tx.getRepository(User).update({ id: userId }, { webhookUrl: null, webhookSecret: null });
      await tx.query(
        `UPDATE notifications SET webhook_status = 'skipped' WHERE recipient_user_id = $1 AND webhook_status = 'pending'`,
        [userId],
      );
      await this.audit.record(
        {
          actorId: userId,
          action: 'user.webhook_removed',
          entityType: 'user',
          entityId: userId,
          changes: { webhookHost: { before: hostOf(before.webhookUrl), after: null } },
        },
        tx,
      );
    });
  }
}
