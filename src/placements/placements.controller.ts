import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ApiPageResponse } from '../common/pagination/page';
import {
  ChecklistTickDto,
  CreatePlacementDto,
  PlacementListQuery,
  PlacementTransitionDto,
  UpdatePlacementDto,
} from './dto/placement-requests.dto';
import { PlacementResponse } from './dto/placement.response';
import { PlacementsService, PlacementWithChecklist } from './placements.service';

const present = ({ placement, checklist }: PlacementWithChecklist) => PlacementResponse.from(placement, checklist);

@ApiTags('placements')
@Controller('placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({ summary: 'Place an accepted applicant by hand, under the same rules as matching' })
  @ApiCreatedResponse({ type: PlacementResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'The staff member already has a live placement here' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'A rule is broken; `errors` names it' })
  async create(@Body() body: CreatePlacementDto, @CurrentUser() actor: AuthenticatedUser) {
    return present(await this.placements.create(body, actor.id));
  }

  @Get()
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Placements: all for coordinators, their own for participants' })
  @ApiPageResponse(PlacementResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: PlacementListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.placements.list(query, viewer);
    return { ...page, items: page.items.map((placement) => PlacementResponse.from(placement)) };
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'One placement with its grant and checklist' })
  @ApiOkResponse({ type: PlacementResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.placements.get(id, viewer));
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Change dates or mentor; the grant is recomputed until the placement is completed' })
  @ApiOkResponse({ type: PlacementResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async update(@UuidParam() id: string, @Body() body: UpdatePlacementDto, @CurrentUser() actor: AuthenticatedUser) {
    return present(await this.placements.update(id, body, actor.id));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({
    summary: 'Move the placement along its life',
    description:
      'proposed → accepted (participant) → confirmed → in_progress → completed (coordinator); declined by the ' +
      'participant and cancelled (with a reason) by a coordinator from any state before completed.',
  })
  @ApiOkResponse({ type: PlacementResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Not allowed from here (or a concurrent move won)' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Required checklist items are open' })
  async transition(
    @UuidParam() id: string,
    @Body() body: PlacementTransitionDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    return present(await this.placements.transition(id, body.to, body.reason, viewer));
  }

  @Put(':id/checklist/:key')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Tick or reopen a pre-departure checklist item' })
  @ApiOkResponse({ type: PlacementResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async tick(
    @UuidParam() id: string,
    @Param('key') key: string,
    @Body() body: ChecklistTickDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    return present(await this.placements.tickChecklist(id, key, body.done, viewer));
  }
}
