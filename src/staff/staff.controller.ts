import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { ConsentRecordResponse, ConsentsResponse } from './dto/consent.response';
import { CreateStaffMemberDto } from './dto/create-staff-member.dto';
import { RecordConsentDto } from './dto/record-consent.dto';
import { StaffListQuery } from './dto/staff-list.query';
import { StaffMemberResponse } from './dto/staff-member.response';
import { UpdateStaffMemberDto } from './dto/update-staff-member.dto';
import { StaffMember } from './staff-member.entity';
import { StaffService } from './staff.service';

/** Reviewers see applicants without contact data (§4). */
const present = (staff: StaffMember, viewer: AuthenticatedUser) =>
  StaffMemberResponse.from(staff, { withContact: viewer.role !== 'reviewer' });

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Roles('admin', 'coordinator')
  @Idempotent()
  @ApiOperation({ summary: 'Register a member of staff of an organisation' })
  @ApiCreatedResponse({ type: StaffMemberResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'The e-mail address is taken' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'Unknown organisation or account' })
  async create(@Body() body: CreateStaffMemberDto, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.staff.create(body, viewer.id), viewer);
  }

  @Get()
  @Roles('admin', 'coordinator', 'reviewer', 'participant')
  @ApiOperation({
    summary: 'Staff profiles visible to the caller',
    description: 'Coordinators: all. Reviewers: applicants of their cohorts, without contact data. Participants: own.',
  })
  @ApiPageResponse(StaffMemberResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: StaffListQuery, @CurrentUser() viewer: AuthenticatedUser) {
    const page = await this.staff.list(query, viewer);
    return { ...page, items: page.items.map((staff) => present(staff, viewer)) };
  }

  @Get('me')
  @Roles('participant')
  @ApiOperation({ summary: "The caller's own staff profile" })
  @ApiOkResponse({ type: StaffMemberResponse })
  @ApiNotFoundResponse({ type: ProblemResponse, description: 'No profile is linked to this account' })
  async mine(@CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.staff.getOwn(viewer.id), viewer);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'reviewer', 'participant')
  @ApiOperation({ summary: 'A staff profile (reviewers: without contact data)' })
  @ApiOkResponse({ type: StaffMemberResponse })
  async get(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.staff.get(id, viewer), viewer);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({
    summary: 'Change a profile',
    description: 'Participants may change languages, expertise, job title and locale of their own profile only.',
  })
  @ApiOkResponse({ type: StaffMemberResponse })
  @ApiConflictResponse({ type: ProblemResponse })
  async update(@UuidParam() id: string, @Body() body: UpdateStaffMemberDto, @CurrentUser() viewer: AuthenticatedUser) {
    return present(await this.staff.update(id, body, viewer), viewer);
  }

  @Get(':id/consents')
  @Roles('admin', 'coordinator', 'participant')
  @ApiOperation({ summary: 'Consents in force and their history' })
  @ApiOkResponse({ type: ConsentsResponse })
  async consents(@UuidParam() id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<ConsentsResponse> {
    const { current, history } = await this.staff.consents(id, viewer);
    return { current: current.map(ConsentRecordResponse.from), history: history.map(ConsentRecordResponse.from) };
  }

  @Post(':id/consents')
  @Roles('admin', 'coordinator', 'participant')
  @Idempotent()
  @ApiOperation({ summary: 'Grant or withdraw a consent' })
  @ApiCreatedResponse({ type: ConsentRecordResponse })
  async recordConsent(
    @UuidParam() id: string,
    @Body() body: RecordConsentDto,
    @CurrentUser() viewer: AuthenticatedUser,
  ) {
    return ConsentRecordResponse.from(await this.staff.recordConsent(id, body, viewer));
  }
}
