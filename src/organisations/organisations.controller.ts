import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { OrganisationListQuery } from './dto/organisation-list.query';
import { OrganisationResponse } from './dto/organisation.response';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({ summary: 'Register an organisation' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  async create(@Body() body: CreateOrganisationDto, @CurrentUser() actor: AuthenticatedUser) {
    return OrganisationResponse.from(await this.organisations.create(body, actor.id));
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Organisations, filtered by region, country, thematic area or hosting' })
  @ApiPageResponse(OrganisationResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: OrganisationListQuery) {
    const page = await this.organisations.list(query);
    return { ...page, items: page.items.map(OrganisationResponse.from) };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationResponse })
  async get(@UuidParam() id: string) {
    return OrganisationResponse.from(await this.organisations.get(id));
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Change an organisation' })
  @ApiOkResponse({ type: OrganisationResponse })
  async update(@UuidParam() id: string, @Body() body: UpdateOrganisationDto, @CurrentUser() actor: AuthenticatedUser) {
    return OrganisationResponse.from(await this.organisations.update(id, body, actor.id));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Remove an organisation nothing refers to yet' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ProblemResponse, description: 'Staff, applications or cohorts still refer to it' })
  async remove(@UuidParam() id: string, @CurrentUser() actor: AuthenticatedUser) {
    await this.organisations.remove(id, actor.id);
  }
}
