import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../../common/auth/role';
import { Locale, LOCALES, User } from '../user.entity';

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'li.wei@example.org' })
  email!: string;

  @ApiProperty({ example: 'Li Wei' })
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ enum: LOCALES })
  locale!: Locale;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'The organisation the person works for' })
  organisationId!: string | null;

  @ApiProperty({ nullable: true })
  lastLoginAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  /** Copies only public fields: nothing else on the row can reach an answer. */
  static from(user: User): UserResponse {
    const { id, email, displayName, role, active, timeZone, locale, organisationId, lastLoginAt, createdAt } = user;
    return { id, email, displayName, role, active, timeZone, locale, organisationId, lastLoginAt, createdAt };
  }
}
