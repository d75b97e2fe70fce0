import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { NotificationType, REMINDER_TYPES } from '../notification-types';

/** The signed-in user's e-mail preferences; written whole by PUT, read back the same. */
export class NotificationPreferencesDto {
  @ApiProperty({
    enum: REMINDER_TYPES,
    isArray: true,
    example: ['log_reminder'],
    description:
      'Reminder types you do not want by e-mail; they still reach your inbox (and your webhook). Only reminders ' +
      'can be muted: invitations and news about your placements always go out. Replaces the list; [] mutes none.',
  })
  @IsArray()
  @ArrayMaxSize(REMINDER_TYPES.length)
  @ArrayUnique()
  @IsIn(REMINDER_TYPES, {
    each: true,
    message: `each value must be a reminder type (${REMINDER_TYPES.join(', ')}); other notifications cannot be muted`,
  })
  mutedEmailTypes!: NotificationType[];
}
