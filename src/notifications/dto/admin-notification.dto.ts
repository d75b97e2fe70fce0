import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { Locale, LOCALES } from '../../users/user.entity';
import { Notification } from '../notification.entity';
import { CHANNEL_STATUSES, ChannelStatus, NOTIFICATION_TYPES, NotificationType } from '../notification-types';

/** The channels with a delivery status of their own (the inbox is the row itself). */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export class AdminNotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANNEL_STATUSES, description: 'Only notifications with a channel in this status' })
  @IsOptional()
  @IsIn(CHANNEL_STATUSES)
  status?: ChannelStatus;

  @ApiPropertyOptional({
    enum: DELIVERY_CHANNELS,
    description: 'The channel `status` applies to (either, if absent); alone, the notifications that use it',
  })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: DeliveryChannel;
}

export class ChannelDeliveryResponse {
  @ApiProperty({ enum: CHANNEL_STATUSES }) status!: ChannelStatus;
  @ApiProperty({ description: 'Delivery attempts so far' }) attempts!: number;
  @ApiProperty({ nullable: true, description: 'What the last failed attempt was told' }) lastError!: string | null;
  @ApiProperty({ nullable: true }) sentAt!: Date | null;
}

/** A notification as admins see it to follow its delivery; the inbox view lives in notification.dto.ts. */
export class AdminNotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'Null for an address that is no user’s' })
  recipientUserId!: string | null;
  @ApiProperty({ nullable: true }) recipientEmail!: string | null;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({ example: 'placement' }) subjectType!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) subjectId!: string | null;
  @ApiProperty({ type: ChannelDeliveryResponse }) email!: ChannelDeliveryResponse;
  @ApiProperty({ type: ChannelDeliveryResponse }) webhook!: ChannelDeliveryResponse;
  @ApiProperty({ nullable: true, description: 'When the relay last put it on the queue' }) relayedAt!: Date | null;
  @ApiProperty() createdAt!: Date;

  static from(row: Notification): AdminNotificationResponse {
    return {
      id: row.id,
      type: row.type,
      recipientUserId: row.recipientUserId,
      recipientEmail: row.recipientEmail,
      locale: row.locale,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      email: {
        status: row.emailStatus,
        attempts: row.emailAttempts,
        lastError: row.emailLastError,
        sentAt: row.emailSentAt,
      },
      webhook: {
        status: row.webhookStatus,
        attempts: row.webhookAttempts,
        lastError: row.webhookLastError,
        sentAt: row.webhookSentAt,
      },
      relayedAt: row.relayedAt,
      createdAt: row.createdAt,
    };
  }
}
