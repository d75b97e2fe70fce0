import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorResponse {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;
}

/** OpenAPI shape of every error answer (RFC 9457). */
export class ProblemResponse {
  @ApiProperty({ example: '/problems/validation' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'email: email must be an email' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/auth/login' })
  instance?: string;

  @ApiPropertyOptional({ example: '0b6f0c1e-4f7e-4a8e-9a39-0a3b2f0e7c11' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'Present on validation problems' })
  errors?: FieldErrorResponse[];
}
