import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changes';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { digestToken, newOpaqueToken } from '../common/auth/opaque-token';
import { COORDINATOR_INVITABLE_ROLES } from '../common/auth/role';
import {
  conflict,
  notFound,
  ProblemException,
  unknownReference,
  ValidationProblem,
} from '../common/http/problem.exception';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { StaffService } from '../staff/staff.service';
import { Page, pageOf } from '../common/pagination/page';
import { DAY_MS } from '../common/time';
import type { Environment } from '../config/environment';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { User } from '../users/user.entity';
import { normaliseEmail, UsersService } from '../users/users.service';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationListQuery } from './dto/invitation-list.query';
import { Invitation } from './invitation.entity';

export interface IssuedInvitation {
  invitation: Invitation;
  /** The secret for the acceptance link: only its digest is kept, and it is never answered. */
  token: string;
}

@Injectable()
export class InvitationsService {
  private readonly defaultTtlDays: number;
  private readonly publicUrl: string;

  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    config: ConfigService<Environment, true>,
  ) {
    this.defaultTtlDays = config.get('INVITATION_TTL_DAYS', { infer: true });
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  /** A new invitation replaces any pending one for the same address, so only the latest link works. */
  async create(
    input: CreateInvitationDto,
    actor: Pick<AuthenticatedUser, 'id' | 'role'> | null,
  ): Promise<IssuedInvitation> {
    if (actor && actor.role !== 'admin' && !COORDINATOR_INVITABLE_ROLES.includes(input.role)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'forbidden',
        'Forbidden',
        `Coordinators may invite: ${COORDINATOR_INVITABLE_ROLES.join(', ')}`,
      );
    }
    if (input.staffId && input.role !== 'participant') {
      throw new ValidationProblem([{ field: 'staffId', message: 'staffId is for participant invitations only' }]);
    }
    const email = normaliseEmail(input.email);
    const token = newOpaqueToken();
    const invitation = await this.dataSource.transaction(async (tx) => {
      await this.checkReferences(input, tx);
      if (await this.users.existsWithEmail(email, tx)) {
        throw conflict('email-taken', 'An account with this e-mail address already exists');
      }
      await tx
        .getRepository(Invitation)
        .update({ email, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      const created = tx.getRepository(Invitation).create({
        email,
        displayName: input.displayName.trim(),
        role: input.role,
        tokenHash: digestToken(token),
        invitedById: actor?.id ?? null,
        staffId: input.staffId ?? null,
        organisationId: input.organisationId ?? null,
        expiresAt: new Date(Date.now() + (input.validForDays ?? this.defaultTtlDays) * DAY_MS),
        acceptedAt: null,
        revokedAt: null,
      });
      await tx.getRepository(Invitation).insert(created);
      await this.audit.record(
        {
          actorId: actor?.id ?? null,
          action: 'invitation.created',
          entityType: 'invitation',
          entityId: created.id,
          changes: changedFields(null, {
            email,
            role: created.role,
            expiresAt: created.expiresAt,
            staffId: created.staffId,
            organisationId: created.organisationId,
          }),
        },
        tx,
      );
      // The link is e-mailed from the outbox: it goes out exactly when the invitation is committed, and is cut
      // out of the stored e-mail once sent (ONE_TIME_LINK_TYPES).
      await this.notifications.notifyAddress(tx, email, input.locale ?? 'en', {
        type: 'invitation',
        subject: { type: 'invitation', id: created.id },
        params: {
          name: created.displayName,
          role: created.role,
          link: `${this.publicUrl}/accept-invitation?token=${token}`,
          expiresOn: created.expiresAt.toISOString().slice(0, 10),
        },
      });
      return created;
    });
    return { invitation, token };
  }

  private async checkReferences(input: CreateInvitationDto, tx: EntityManager): Promise<void> {
    if (input.organisationId && !(await tx.getRepository(Organisation).existsBy({ id: input.organisationId }))) {
      throw unknownReference('organisationId', 'Organisation');
    }
    if (input.staffId) {
      const staff = await tx.getRepository(StaffMember).findOneBy({ id: input.staffId });
      if (!staff) throw unknownReference('staffId', 'Staff member');
      if (staff.userId) {
        throw conflict('staff-already-linked', 'This staff profile is linked to an account already');
      }
    }
  }

  async list(query: InvitationListQuery): Promise<Page<Invitation>> {
    const where = {
      ...(query.role ? { role: query.role } : {}),
      ...(query.state === 'accepted' ? { acceptedAt: MoreThan(new Date(0)) } : {}),
      ...(query.state === 'pending'
        ? { acceptedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) }
        : {}),
    };
    const [items, total] = await this.invitations.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async revoke(id: string, actorId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const result = await tx
        .getRepository(Invitation)
        .update({ id, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw notFound('Pending invitation');
      await this.audit.record({ actorId, action: 'invitation.revoked', entityType: 'invitation', entityId: id }, tx);
    });
  }

  /**
   * Turns a valid invitation into an account inside the caller's transaction. The invitation row is locked,
   * so the same link accepted twice at once makes one account.
   */
  async accept(input: AcceptInvitationDto, tx: EntityManager): Promise<User> {
    const invitation = await tx
      .getRepository(Invitation)
      .findOne({ where: { tokenHash: digestToken(input.token) }, lock: { mode: 'pessimistic_write' } });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'invitation-invalid',
        'Invalid invitation',
        'This invitation link is invalid, already used or expired; ask for a new one',
      );
    }
    const user = await this.users.create(
      {
        email: invitation.email,
        displayName: input.displayName ?? invitation.displayName,
        password: input.password,
        role: invitation.role,
        timeZone: input.timeZone,
        locale: input.locale,
        organisationId: invitation.organisationId,
      },
      null,
      tx,
    );
    if (invitation.staffId && !(await this.staff.linkAccount(invitation.staffId, user.id, tx))) {
      throw conflict(
        'staff-already-linked',
        'The staff profile of this invitation is linked to another account already',
      );
    }
    await tx.getRepository(Invitation).update({ id: invitation.id }, { acceptedAt: new Date() });
    await this.audit.record(
      { actorId: user.id, action: 'invitation.accepted', entityType: 'invitation', entityId: invitation.id },
      tx,
    );
    return user;
  }
}
