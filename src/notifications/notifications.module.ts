import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

/** The outbox (written by other modules in their transactions) and the in-app inbox. */
@Module({
  imports: [AuditModule],
  controllers: [NotificationsController, WebhookController],
  providers: [NotificationsService, WebhookService, NotificationPreferencesService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
