import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsTimeZone, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { Role, ROLES } from '../../common/auth/role';
import { Locale, LOCALES } from '../user.entity';

/** What an admin may change on an account. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'An inactive user cannot sign in, and their tokens stop working at once' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Europe/Brussels' })
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOmittable()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The organisation the person works for' })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;
}
