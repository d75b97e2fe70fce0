import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
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
  CreateExchangeLogDto,
  ExchangeLogListQuery,
  ExchangeLogResponse,
  UpdateExchangeLogDto,
} from './dto/exchange-log.dto';
import { ExchangeLogsService } from './exchange-logs.service';

@ApiTags('exchange logs')
@Controller('exchange-logs')
export class ExchangeLogsController {
  constructor(private readonly logs: ExchangeLogsService) {}

  @Post()
  @Roles('admin', 'participant')
  @Idempotent()
  @ApiOperation({ summary: 'Log a day of your placement (while confirmed or in progress, and 14 days after it ends)' })
  @ApiCreatedResponse({ type: ExchangeLogResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiNotFoundResponse({ type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Closed, outside the placement, over 24 h' })
  async create(@Body() body: CreateExchangeLogDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ExchangeLogResponse.from(await this.logs.create(body, viewer));
  }

  @Get()
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Logs: all for coordinators, those of their own placements for participants' })
  @ApiPageResponse(ExchangeLogResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: ExchangeLogListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.logs.list(query, viewer);
    return { ...page, items: page.items.map(ExchangeLogResponse.from) };
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'One log entry' })
  @ApiOkResponse({ type: ExchangeLogResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return ExchangeLogResponse.from(await this.logs.get(id, viewer));
  }

  @Patch(':id')
  @Roles('admin', 'participant')
  @ApiOperation({ summary: 'Change a log entry, while the placement takes logs' })
  @ApiOkResponse({ type: ExchangeLogResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async update(@UuidParam() id: string, @Body() body: UpdateExchangeLogDto, @CurrentUser() viewer: AuthenticatedUser) {
    return ExchangeLogResponse.from(await this.logs.update(id, body, viewer));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'participant')
  @ApiOperation({ summary: 'Remove a log entry, while the placement takes logs' })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async remove(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    await this.logs.remove(id, viewer);
  }
}
