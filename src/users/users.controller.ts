import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemResponse } from '../common/http/problem.response';
import { UuidParam } from '../common/http/uuid-param';
import { ApiPageResponse } from '../common/pagination/page';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserListQuery } from './dto/user-list.query';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'All accounts, filtered by role, state or a search term' })
  @ApiPageResponse(UserResponse)
  @ApiBadRequestResponse({ type: ProblemResponse })
  async list(@Query() query: UserListQuery) {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map(UserResponse.from) };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: UserResponse })
  async get(@UuidParam() id: string) {
    return UserResponse.from(await this.users.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Change an account's role, state, name, time zone or locale" })
  @ApiOkResponse({ type: UserResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'An admin changing their own role or state' })
  async update(@UuidParam() id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: AuthenticatedUser) {
    return UserResponse.from(await this.users.update(id, body, actor.id));
  }
}
