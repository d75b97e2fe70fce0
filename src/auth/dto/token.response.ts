import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../users/dto/user.response';

export class TokenResponse {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer …`' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ description: 'Opaque, single use: each refresh returns a new one' })
  refreshToken!: string;

  @ApiProperty()
  refreshTokenExpiresAt!: Date;

  @ApiProperty({ type: UserResponse })
  user!: UserResponse;
}
