import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/auth.decorators';
import { ProblemException } from '../common/http/problem.exception';
import { ProblemResponse } from '../common/http/problem.response';
import { RedisHealthIndicator } from './redis.health';

/** For load balancers and orchestrators (§9): outside the API prefix, no authentication. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'The process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'PostgreSQL and Redis both answer' })
  @ApiOkResponse({
    description: 'Ready',
    schema: { example: { status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } } },
  })
  @ApiServiceUnavailableResponse({ type: ProblemResponse, description: 'A dependency is down; `checks` says which' })
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1_500 }),
        () => this.redis.check('redis'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { details } = error.getResponse() as { details?: Record<string, unknown> };
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'not-ready',
        'Service Unavailable',
        'A dependency is down',
        {
          checks: details,
        },
      );
    }
  }
}
