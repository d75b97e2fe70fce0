import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { Role, ROLES } from '../../common/auth/role';
import { Locale, LOCALES } from '../../users/user.entity';

export class CreateInvitationDto {
  @ApiProperty({ example: 'zhang.min@example.cn' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Zhang Min' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ROLES, description: 'Coordinators may invite reviewers, participants and funders' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Participants only: the staff profile the account will be linked to when the invitation is accepted',
  })
  @IsOmittable()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The organisation the person works for: a funder sees the cohorts it funds, a reviewer never reviews it',
  })
  @IsOmittable()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'en', description: 'The language of the invitation e-mail' })
  @IsOmittable()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({
    description: 'Days until the link expires; the configured default otherwise',
    minimum: 1,
    maximum: 60,
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(60)
  validForDays?: number;
}
