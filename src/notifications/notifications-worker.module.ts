import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { QUEUES } from '../queues/queues';
import { NotificationDelivery } from './notification-delivery';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationRelay } from './notification-relay';
import { NotificationsModule } from './notifications.module';
import { ReminderSweep } from './reminder-sweep';
import { ReminderSweepProcessor } from './reminder-sweep.processor';
import { WebhookChannel } from './webhook-channel';

/** Worker side of notifications: the relay from the outbox to the queue, delivery, and the reminder sweep. */
@Module({
  imports: [
    BullModule.registerQueue({ name: QUEUES.notifications }, { name: QUEUES.reminders }),
    MailModule,
    NotificationsModule,
  ],
  providers: [
    NotificationRelay,
    NotificationDelivery,
    NotificationDeliveryProcessor,
    WebhookChannel,
    ReminderSweep,
    ReminderSweepProcessor,
  ],
  exports: [NotificationRelay, NotificationDelivery, ReminderSweep],
})
export class NotificationsWorkerModule {}
