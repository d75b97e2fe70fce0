import { PartialType } from '@nestjs/swagger';
import { CreateStaffMemberDto } from './create-staff-member.dto';

/** Coordinators may change every field; a participant only {@link PARTICIPANT_EDITABLE_FIELDS} of their own. */
export class UpdateStaffMemberDto extends PartialType(CreateStaffMemberDto, { skipNullProperties: false }) {}

export const PARTICIPANT_EDITABLE_FIELDS: ReadonlyArray<keyof UpdateStaffMemberDto> = [
  'languages',
  'expertise',
  'jobTitle',
  'locale',
];
