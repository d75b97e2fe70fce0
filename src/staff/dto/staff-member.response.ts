import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LanguageSkill, THEMATIC_AREAS, ThematicArea } from '../../common/vocabulary';
import { Locale, LOCALES } from '../../users/user.entity';
import { LanguageSkillDto } from './create-staff-member.dto';
import { Gender, GENDERS } from '../../common/vocabulary';
import { StaffMember } from '../staff-member.entity';

export class StaffOrganisationSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'CN' })
  region!: string;

  @ApiProperty({ example: 'CN' })
  country!: string;
}

export class StaffMemberResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: StaffOrganisationSummary })
  organisation!: StaffOrganisationSummary;

  @ApiProperty({ example: 'Wang Fang' })
  fullName!: string;

  @ApiPropertyOptional({ description: 'Contact data: left out for reviewers' })
  email?: string;

  @ApiProperty({ enum: GENDERS })
  gender!: Gender;

  @ApiProperty({ type: [LanguageSkillDto] })
  languages!: LanguageSkill[];

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  expertise!: ThematicArea[];

  @ApiProperty({ nullable: true })
  jobTitle!: string | null;

  @ApiProperty({ nullable: true })
  yearsOfExperience!: number | null;

  @ApiProperty({ enum: LOCALES })
  locale!: Locale;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Left out for reviewers' })
  userId?: string | null;

  @ApiProperty({ description: 'The personal data was erased on request' })
  erased!: boolean;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  /** `withContact: false` for reviewers, who see applicants without their contact data (§4). */
  static from(staff: StaffMember, { withContact }: { withContact: boolean }): StaffMemberResponse {
    const organisation = staff.organisation!;
    const response: StaffMemberResponse = {
      id: staff.id,
      organisation: {
        id: organisation.id,
        name: organisation.name,
        region: organisation.region,
        country: organisation.country,
      },
      fullName: staff.fullName,
      gender: staff.gender,
      languages: staff.languages,
      expertise: staff.expertise,
      jobTitle: staff.jobTitle,
      yearsOfExperience: staff.yearsOfExperience,
      locale: staff.locale,
      erased: staff.erasedAt !== null,
      createdAt: staff.createdAt,
      updatedAt: staff.updatedAt,
    };
    return withContact ? { ...response, email: staff.email, userId: staff.userId } : response;
  }
}
