import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { digestToken, newOpaqueToken } from '../common/auth/opaque-token';
import { DAY_MS } from '../common/time';
import { ProblemException } from '../common/http/problem.exception';
import { AcceptInvitationDto } from '../invitations/dto/accept-invitation.dto';
import { InvitationsService } from '../invitations/invitations.service';
import type { Environment } from '../config/environment';
import { UserResponse } from '../users/dto/user.response';
import { verifyPassword } from '../users/password';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { TokenResponse } from './dto/token.response';
import { RefreshToken } from './refresh-token.entity';

export interface AccessTokenClaims {
  sub: string;
  role: string;
}

const unauthenticated = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Unauthorized', detail);

@Injectable()
export class AuthService {
  private readonly refreshTtlMs: number;
  private readonly accessTtlSeconds: number;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService<Environment, true>,
  ) {
    this.refreshTtlMs = config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true }) * DAY_MS;
    this.accessTtlSeconds = config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
  }

  /** For passport-local: the same answer, and about the same time, for an unknown e-mail and a wrong password. */
  async validateCredentials(email: string, password: string): Promise<User> {
    const user = await this.users.findWithPasswordHash(email);
    const matches = await verifyPassword(user?.passwordHash, password);
    if (!user || !matches || !user.active) throw unauthenticated('E-mail or password is wrong');
    user.passwordHash = null;
    return user;
  }

  async login(user: User): Promise<TokenResponse> {
    const tokens = await this.dataSource.transaction((tx) => this.issue(user, randomUUID(), tx));
    await this.users.recordLogin(user.id);
    return tokens;
  }

  /** The account and its first session commit together. */
  acceptInvitation(input: AcceptInvitationDto): Promise<TokenResponse> {
    return this.dataSource.transaction(async (tx) => {
      const user = await this.invitations.accept(input, tx);
      return this.issue(user, randomUUID(), tx);
    });
  }

  /**
   * Rotates a refresh token. The row is locked, so of two concurrent uses one rotates and the other is
   * seen as reuse. Reuse of a rotated token revokes the whole family: whoever holds a copy is locked out.
   */
  async refresh(token: string): Promise<TokenResponse> {
    const outcome = await this.dataSource.transaction(
      async (tx): Promise<{ failure: string } | { tokens: TokenResponse }> => {
        const tokens = tx.getRepository(RefreshToken);
        const current = await tokens.findOne({
          where: { tokenHash: digestToken(token) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!current || current.revokedAt) return { failure: 'Refresh token is invalid or revoked' };
        if (current.rotatedAt) {
          await tokens.update({ familyId: current.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
          await this.audit.record(
            {
              actorId: current.userId,
              action: 'auth.refresh_token_reused',
              entityType: 'user',
              entityId: current.userId,
            },
            tx,
          );
          return { failure: 'Refresh token was already used; every session of this login is now revoked' };
        }
        if (current.expiresAt.getTime() <= Date.now()) return { failure: 'Refresh token has expired' };
        const user = await tx.getRepository(User).findOneBy({ id: current.userId });
        if (!user?.active) return { failure: 'Account is inactive' };
        current.rotatedAt = new Date();
        await tokens.save(current);
        return { tokens: await this.issue(user, current.familyId, tx) };
      },
    );
    // Thrown after commit, so the family revocation above is kept.
    if ('failure' in outcome) throw unauthenticated(outcome.failure);
    return outcome.tokens;
  }

  /** Ends the login the token belongs to (its whole family); unknown tokens are ignored, so logout is idempotent. */
  async logout(token: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL
          AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [digestToken(token)],
    );
  }

  private async issue(user: User, familyId: string, manager: EntityManager): Promise<TokenResponse> {
    const refreshToken = newOpaqueToken();
    const refreshTokenExpiresAt = new Date(Date.now() + this.refreshTtlMs);
    await manager.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: digestToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.accessTtlSeconds,
      refreshToken,
      refreshTokenExpiresAt,
      user: UserResponse.from(user),
    };
  }
}
