import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { APPLICATION_KINDS, ApplicationKind } from '../application.entity';
import { ApplicationContentDto } from './create-application.dto';

export class UpdateApplicationDto extends PartialType(ApplicationContentDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: APPLICATION_KINDS })
  @IsOmittable()
  @IsIn(APPLICATION_KINDS)
  kind?: ApplicationKind;
}
