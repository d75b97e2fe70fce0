import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public } from '../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ProblemException } from '../common/http/problem.exception';
import { ProblemResponse } from '../common/http/problem.response';
import { BodyValidationGuard } from '../common/validation/body-validation.guard';
import { AcceptInvitationDto } from '../invitations/dto/accept-invitation.dto';
import { UserResponse } from '../users/dto/user.response';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { LOGIN_THROTTLERS } from './login-throttlers';
import { RefreshDto } from './dto/refresh.dto';
import { TokenResponse } from './dto/token.response';
import { clearRefreshCookie, CSRF_HEADER, refreshTokenFrom, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard, BodyValidationGuard(LoginDto), AuthGuard('local'))
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description: 'Rate-limited per account and per client address.',
  })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiUnauthorizedResponse({ type: ProblemResponse, description: 'Wrong e-mail or password, or inactive account' })
  @ApiTooManyRequestsResponse({ type: ProblemResponse })
  async login(@Req() request: FastifyRequest & { user: User }, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withCookie(reply, await this.auth.login(request.user));
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description: `The token comes from the body, or from the refresh cookie when the request carries the \`${CSRF_HEADER}\` header. Each token works once: presenting a used one revokes every token of that login.`,
  })
  @ApiHeader({ name: CSRF_HEADER, required: false, description: 'Any value; required to use the cookie' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  @ApiUnauthorizedResponse({ type: ProblemResponse })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = refreshTokenFrom(request, body.refreshToken);
    if (!token)
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Unauthorized', 'No refresh token');
    return this.withCookie(reply, await this.auth.refresh(token));
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End the login a refresh token belongs to',
    description: 'Idempotent: an unknown token is ignored.',
  })
  @ApiHeader({ name: CSRF_HEADER, required: false, description: 'Any value; required to use the cookie' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ProblemResponse })
  async logout(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const token = refreshTokenFrom(request, body.refreshToken);
    if (token) await this.auth.logout(token);
    clearRefreshCookie(reply);
  }

  @Post('accept-invitation')
  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ [LOGIN_THROTTLERS.account]: true })
  @ApiOperation({ summary: 'Set a password from an invitation link; signs the new user in' })
  @ApiCreatedResponse({ type: TokenResponse })
  @ApiBadRequestResponse({
    type: ProblemResponse,
    description: 'Invalid input, or a link that is unknown, used or expired',
  })
  @ApiConflictResponse({ type: ProblemResponse, description: 'An account with this e-mail exists' })
  @ApiTooManyRequestsResponse({ type: ProblemResponse })
  async acceptInvitation(@Body() body: AcceptInvitationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withCookie(reply, await this.auth.acceptInvitation(body));
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentUser() caller: AuthenticatedUser) {
    return UserResponse.from(await this.users.get(caller.id));
  }

  private withCookie(reply: FastifyReply, tokens: TokenResponse): TokenResponse {
    setRefreshCookie(reply, tokens.refreshToken, tokens.refreshTokenExpiresAt);
    return tokens;
  }
}
