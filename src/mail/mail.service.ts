import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import type { Environment } from '../config/environment';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Lets receivers and the de-duplication in delivery recognise a message sent twice. */
  messageId?: string;
}

/** The one way out to SMTP (`SMTP_URL`); notifications deliver through it. */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(config: ConfigService<Environment, true>) {
    // Pooled connections: delivering many notifications opens a few SMTP sessions, not one per message. Each
    // session carries one message at a time, a few round trips long, so their number bounds throughput (5 held a
    // worker under 700/s even to a local server); it stays configurable for servers that limit connections.
    this.transport = createTransport({
      url: config.get('SMTP_URL', { infer: true }),
      pool: true,
      maxConnections: config.get('SMTP_MAX_CONNECTIONS', { infer: true }),
    });
    this.from = config.get('MAIL_FROM', { infer: true });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
