import { Controller, Get } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ProblemResponse } from '../common/http/problem.response';
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
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiNotFoundResponse({ type: ProblemResponse })
  forCohort(@UuidParam() id: string) {
    return this.pairs.forCohort(id);
  }
}
