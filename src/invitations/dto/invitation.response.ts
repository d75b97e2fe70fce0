import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../../common/auth/role';
import { Invitation } from '../invitation.entity';

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ format: 'uuid', nullable: true })
  invitedById!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'The staff profile the new account will speak for' })
  staffId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'The organisation the new account works for' })
  organisationId!: string | null;

  @ApiProperty()
  expiresAt!: Date;

  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] })
  state!: 'pending' | 'accepted' | 'revoked' | 'expired';

  @ApiProperty()
  createdAt!: Date;

  static from(invitation: Invitation, now = new Date()): InvitationResponse {
    const { id, email, displayName, role, invitedById, staffId, organisationId, expiresAt, createdAt } = invitation;
    const state = invitation.acceptedAt
      ? 'accepted'
      : invitation.revokedAt
        ? 'revoked'
        : expiresAt <= now
          ? 'expired'
          : 'pending';
    return { id, email, displayName, role, invitedById, staffId, organisationId, expiresAt, state, createdAt };
  }
}
