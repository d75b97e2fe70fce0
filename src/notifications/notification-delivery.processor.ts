import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { Environment } from '../config/environment';
import { NotificationJobData, QUEUES } from '../queues/queues';
import { NotificationDelivery } from './notification-delivery';

/**
 * Short locks: a killed worker's deliveries go back to the queue within about 20 s (its locks lapse after 10 s,
 * stalled jobs are looked for every 5 s) rather than about a minute with BullMQ's defaults. The claim on the row,
 * not the lock, is what keeps a notification from being sent twice.
 */
@Processor(QUEUES.notifications, { lockDuration: 10_000, stalledInterval: 5_000 })
export class NotificationDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly delivery: NotificationDelivery,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Mostly waiting on SMTP and HTTP: many deliveries at once fit one process.
    this.worker.concurrency = this.config.get('NOTIFICATION_CONCURRENCY', { infer: true });
  }

  process(job: Job<NotificationJobData>): Promise<void> {
    return this.delivery.deliver(job.data.notificationId);
  }
}
