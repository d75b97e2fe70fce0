import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role, ROLES } from '../../common/auth/role';
import { PageQuery, sortValues } from '../../common/pagination/page';
import { toBoolean } from '../../common/validation/query-values';

export const USER_SORT_FIELDS = ['email', 'displayName', 'createdAt', 'role'] as const;

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the e-mail or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: sortValues(USER_SORT_FIELDS), default: 'email' })
  @IsOptional()
  @IsIn(sortValues(USER_SORT_FIELDS))
  sort?: string;
}
