import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO4217CurrencyCode, Matches, Max, Min } from 'class-validator';

/** Money as §3 writes it: integer minor units and an ISO 4217 currency, never a float. */
export class MoneyDto {
  @ApiProperty({ example: 6000, description: 'Integer amount in minor units (cents)' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountMinor!: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217, upper case' })
  @IsISO4217CurrencyCode()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code' })
  currency!: string;
}
