import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { QUEUES } from '../queues/queues';
import { NotificationDelivery } from './notification-delivery';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationRelay } from './notification-relay';

/** Worker side of notifications: the relay from the outbox to the queue, and delivery. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.notifications }), MailModule],
  providers: [NotificationRelay, NotificationDelivery, NotificationDeliveryProcessor],
  exports: [NotificationRelay, NotificationDelivery],
})
export class NotificationsWorkerModule {}
