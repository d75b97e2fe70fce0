import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validation/calendar-date';
import { APPLICATION_KINDS, ApplicationKind, MAX_PREFERRED_HOSTS } from '../application.entity';

/** The fields an applicant writes; the kind decides which of the partner fields apply. */
export class ApplicationContentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'joint only: the partner organisation on the other side' })
  @IsOmittable()
  @IsUUID()
  partnerOrganisationId?: string;

  @ApiPropertyOptional({ example: 'Community-led water monitoring', description: 'joint only' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  exchangeTopic?: string;

  @ApiPropertyOptional({ example: 'Chen Jing', description: 'joint only: who at the partner is told' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  partnerContactName?: string;

  @ApiPropertyOptional({
    example: 'chen.jing@partner.example',
    description: "joint only; the partner's address otherwise",
  })
  @IsOmittable()
  @IsEmail()
  @MaxLength(254)
  partnerContactEmail?: string;

  @ApiProperty({ example: '2027-08-01' })
  @IsCalendarDate()
  availableFrom!: string;

  @ApiProperty({ example: '2027-10-15' })
  @IsCalendarDate()
  @IsOnOrAfter('availableFrom')
  availableTo!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: `single only: preferred host organisations, most wanted first, at most ${MAX_PREFERRED_HOSTS}`,
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_PREFERRED_HOSTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  preferredHostIds?: string[];

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  motivation!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  workPlan!: string;
}

export class CreateApplicationDto extends ApplicationContentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cohortId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Coordinators: whose application it is. Participants: omitted, it is always their own profile's",
  })
  @IsOmittable()
  @IsUUID()
  staffId?: string;

  @ApiProperty({ enum: APPLICATION_KINDS })
  @IsIn(APPLICATION_KINDS)
  kind!: ApplicationKind;
}
