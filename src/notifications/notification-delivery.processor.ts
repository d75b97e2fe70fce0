import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { Environment } from '../config/environment';
import { NotificationJobData, QUEUES } from '../queues/queues';
import { NotificationDelivery } from './notification-delivery';

@Processor(QUEUES.notifications)
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
