import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Role, ROLES } from '../../common/auth/role';
import { PageQuery } from '../../common/pagination/page';

export class InvitationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['pending', 'accepted'], description: 'Pending: neither accepted, revoked nor expired' })
  @IsOptional()
  @IsIn(['pending', 'accepted'])
  state?: 'pending' | 'accepted';
}
