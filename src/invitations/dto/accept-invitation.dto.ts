import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsTimeZone, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { MIN_PASSWORD_LENGTH } from '../../users/password';
import { Locale, LOCALES } from '../../users/user.entity';

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ description: 'Replaces the name the invitation was made with' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', default: 'UTC' })
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOmittable()
  @IsIn(LOCALES)
  locale?: Locale;
}
