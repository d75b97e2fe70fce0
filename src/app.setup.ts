import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { QueueBoard } from './admin/queue-board';
import { API_PREFIX } from './common/http/api-prefix';
import { jsonBodyParser } from './common/http/json-body';
import { answerClientError, answerFrameworkError, ProblemDetailsFilter } from './common/http/problem-details.filter';
import { requestIdOf } from './common/logging/logger.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { Environment, validateEnvironment } from './config/environment';

/**
 * Fastify options are fixed before Nest (and its ConfigService) exists, so they are read from the same
 * validation the ConfigModule runs: a malformed value stops the process here too.
 */
export function createFastifyAdapter(env: Environment = validateEnvironment(process.env)): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    genReqId: (request: IncomingMessage) => {
      const id = requestIdOf(request);
      // pino-http reads the id from the raw request, so both log the same one.
      (request as typeof request & { id: string }).id = id;
      return id;
    },
    // A JSON body with __proto__ or constructor.prototype keys is refused (400), never merged into objects.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Malformed URLs and requests Fastify or Node refuse before any route are problems too (§3).
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
}

/** Everything the API needs around its modules; shared by main.ts and the test app so tests run the real thing. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(app.get(Logger));

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
  });
  // While the server stops, each answer closes its connection: a client's kept-alive one would otherwise hold the
  // stop until it times out (72 s), past any orchestrator's grace period.
  let stopping = false;
  fastify.addHook('preClose', async () => {
    stopping = true;
  });
  fastify.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
    if (stopping) void reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request: FastifyRequest) => {
    // An answer whose headers left before the stop (a long export) kept its connection open: close it now.
    if (stopping) request.raw.socket.end();
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI styles itself inline and loads its validator badge from data: URLs.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  // Bull Board is plain Fastify routes under /admin/queues: outside the API prefix, with its own admin check.
  await app.get(QueueBoard).mount(app);

  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  // Registered before Nest's defaults, which it then leaves out: JSON only, and none nested past reason.
  app.useBodyParser('application/json', {}, jsonBodyParser(fastify));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Twinning exchange platform')
      .setDescription(
        'Cohorts, applications, matching, placements and reporting for NGO twinning programmes. Errors are RFC 9457 problem details.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
