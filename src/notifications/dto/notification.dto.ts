import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { toBoolean } from '../../common/validation/query-values';
import { Notification } from '../notification.entity';
import { NOTIFICATION_TYPES, NotificationType } from '../notification-types';

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only notifications not read yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty({ example: 'placement' }) subjectType!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) subjectId!: string | null;
  @ApiProperty({ description: "In the recipient's language" }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true }) readAt!: Date | null;
  @ApiProperty() createdAt!: Date;

  static from({
    id,
    type,
    subjectType,
    subjectId,
    title,
    body,
    readAt,
    createdAt,
  }: Notification): NotificationResponse {
    return { id, type, subjectType, subjectId, title, body, readAt, createdAt };
  }
}
