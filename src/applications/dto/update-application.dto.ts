import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { APPLICATION_KINDS, ApplicationKind } from '../application.entity';
import { ApplicationContentDto } from './create-application.dto';

export class UpdateApplicationDto extends PartialType(ApplicationContentDto) {
  @ApiPropertyOptional({ enum: APPLICATION_KINDS })
  @IsOptional()
  @IsIn(APPLICATION_KINDS)
  kind?: ApplicationKind;
}
