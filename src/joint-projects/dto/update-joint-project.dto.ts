import { PartialType } from '@nestjs/swagger';
import { JointProjectContentDto } from './create-joint-project.dto';

/** Any of the fields; `null` clears the optional ones (budget, funding source, dates, people reached). */
export class UpdateJointProjectDto extends PartialType(JointProjectContentDto, { skipNullProperties: false }) {}
