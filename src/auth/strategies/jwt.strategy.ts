import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { Environment } from '../../config/environment';
import { UsersService } from '../../users/users.service';
import type { AccessTokenClaims } from '../auth.service';

export const JWT_ALGORITHM = 'HS256';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersService,
    config: ConfigService<Environment, true>,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // As a KeyObject: a string or Buffer key is first tried as a PEM public key by jsonwebtoken, which throws and
      // catches on every request (a tenth of the CPU of a simple authenticated read). passport-jwt hands the key to
      // jsonwebtoken untouched; only its typing is narrower.
      secretOrKey: createSecretKey(Buffer.from(config.getOrThrow('JWT_SECRET', { infer: true }))) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: config.get('JWT_ISSUER', { infer: true }),
      audience: config.get('JWT_AUDIENCE', { infer: true }),
      ignoreExpiration: false,
    });
  }

  /** The role and active flag come from the row, not the token: a change takes effect on the next request. */
  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    const user = await this.users.findCaller(claims.sub);
    if (!user?.active) return false;
    const { id, email, role, timeZone, locale, organisationId } = user;
    return { id, email, role, timeZone, locale, organisationId };
  }
}
