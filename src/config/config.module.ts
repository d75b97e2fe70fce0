import { ConfigModule } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { Environment, validateEnvironment } from './environment';

/** Outside production a missing JWT_SECRET is made up once per process, so a first run needs no setup. */
function withGeneratedSecrets(env: Environment): Environment {
  if (!env.JWT_SECRET) env.JWT_SECRET = randomBytes(48).toString('base64url');
  return env;
}

export const AppConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  cache: true,
  validate: (raw) => withGeneratedSecrets(validateEnvironment(raw)),
});
