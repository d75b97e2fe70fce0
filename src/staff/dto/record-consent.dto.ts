import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CONSENT_PURPOSES, ConsentPurpose } from '../consent-record.entity';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ description: 'true to grant, false to withdraw' })
  @IsBoolean()
  granted!: boolean;

  @ApiProperty({ example: '2027-01', description: 'Version of the consent text the person agreed to or withdrew' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  textVersion!: string;
}
