import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { UuidParam } from '../common/http/uuid-param';
import { TwinningPairsService } from './twinning-pairs.service';

@ApiTags('twinning pairs')
@Controller('cohorts')
export class TwinningPairsController {
  constructor(private readonly pairs: TwinningPairsService) {}

  @Get(':id/twinning-pairs')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: "A cohort's twinning pairs, each with both directions' placement side by side",
    description: 'Each direction shows its live placement, or the latest one when none is live.',
  })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  forCohort(@UuidParam() id: string) {
    return this.pairs.forCohort(id);
  }
}
