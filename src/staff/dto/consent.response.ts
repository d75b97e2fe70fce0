import { ApiProperty } from '@nestjs/swagger';
import { CONSENT_PURPOSES, ConsentPurpose, ConsentRecord } from '../consent-record.entity';

export class ConsentRecordResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CONSENT_PURPOSES })
  purpose!: ConsentPurpose;

  @ApiProperty()
  granted!: boolean;

  @ApiProperty({ example: '2027-01' })
  textVersion!: string;

  @ApiProperty()
  recordedAt!: Date;

  static from({ id, purpose, granted, textVersion, recordedAt }: ConsentRecord): ConsentRecordResponse {
    return { id, purpose, granted, textVersion, recordedAt };
  }
}

export class ConsentsResponse {
  @ApiProperty({ type: [ConsentRecordResponse], description: 'The record in force for each purpose ever recorded' })
  current!: ConsentRecordResponse[];

  @ApiProperty({ type: [ConsentRecordResponse], description: 'Every grant and withdrawal, newest first' })
  history!: ConsentRecordResponse[];
}
