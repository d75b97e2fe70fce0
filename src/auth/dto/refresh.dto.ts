import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';

/** API clients send the token in the body; browsers may rely on the cookie (with the CSRF header). */
export class RefreshDto {
  @ApiPropertyOptional({
    description: 'Refresh token from the last login or refresh; optional when the cookie is sent',
  })
  @IsOmittable()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  refreshToken?: string;
}
