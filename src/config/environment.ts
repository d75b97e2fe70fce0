import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toBoolean = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1'
    ? true
    : value === false || value === 'false' || value === '0'
      ? false
      : value;

/**
 * Every environment variable the processes read, with its default.
 * `.env.example` mirrors this class; keep the two together.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Where invitation and other links in e-mails point to. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL = 'http://localhost:3000';

  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'] })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/twinning';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE = 10;

  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'] })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespaces every key (queues, rate-limit counters) so several deployments or test runs can share one Redis. */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'twinning';

  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'] })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** SMTP connections one process keeps open; each carries one message at a time. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  SMTP_MAX_CONNECTIONS = 10;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Twinning Platform <no-reply@twinning.localhost>';

  /** Required in production; elsewhere a random one is made at start (tokens then die with the process). */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'twinning-platform';

  @IsString()
  JWT_AUDIENCE = 'twinning-api';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  INVITATION_TTL_DAYS = 14;

  /** Login attempts allowed per account, and per client address, in each window. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ACCOUNT = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ADDRESS = 20;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_WINDOW_SECONDS = 60;

  /** Comma-separated origins allowed by CORS; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  /** Set when the API sits behind a load balancer, so client addresses come from X-Forwarded-For. */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Delivery attempts per channel before a notification is marked failed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTIFICATION_MAX_ATTEMPTS = 5;

  /** Notifications delivered at once by one worker. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTIFICATION_CONCURRENCY = 20;

  /** How often the worker moves committed notifications from PostgreSQL to the queue. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(50)
  NOTIFICATION_RELAY_INTERVAL_MS = 1_000;

  /** A relayed notification still pending after this long is queued again (its job may have been lost). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTIFICATION_REQUEUE_AFTER_SECONDS = 120;

  /**
   * A channel claimed for delivery longer ago than this belongs to a delivery that died (a killed worker); another
   * may take it over. Keep it above the longest a send can take, or a slow send may go out twice.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTIFICATION_CLAIM_TIMEOUT_SECONDS = 120;

  /** How often the worker's reminder sweep runs; each reminder is written once however often it runs. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1_000)
  REMINDER_SWEEP_INTERVAL_MS = 900_000;

  /** Reminders go out from this hour (0-23) of the recipient's own day, in their time zone. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(23)
  REMINDER_SEND_FROM_HOUR = 8;

  /** First retry delay of a failed delivery; each further retry waits twice as long. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  NOTIFICATION_BACKOFF_MS = 1_000;

  /**
   * Lets users register plain-HTTP webhooks and ones on loopback or private addresses. Only for local receivers
   * in development and tests: otherwise the webhook could be used to reach internal services.
   */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_INSECURE = false;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Write logs to this file instead of standard output. */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;
}

export class InvalidEnvironmentError extends Error {}

/** Used by ConfigModule: a missing or malformed variable stops the process with its name. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const reasons = Object.values(error.constraints ?? {}).join('; ');
      return `  ${error.property}: ${reasons}`;
    });
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
