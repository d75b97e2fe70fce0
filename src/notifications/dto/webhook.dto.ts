import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { WEBHOOK_URL_MAX_LENGTH } from '../webhook-url';

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.org/twinning',
    description: 'An https: URL on a public address; it receives every notification of yours, signed',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url!: string;
}

export class WebhookResponse {
  @ApiProperty({ example: 'https://hooks.example.org/twinning' }) url!: string;
}

export class RegisteredWebhookResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'The HMAC-SHA256 key of the signatures (docs/webhooks.md). Shown this once only; register again for a new one',
  })
  secret!: string;
}
