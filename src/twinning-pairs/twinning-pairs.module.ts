import { Module } from '@nestjs/common';
import { TwinningPairsController } from './twinning-pairs.controller';
import { TwinningPairsService } from './twinning-pairs.service';

/** Twinning pairs: made by accepted joint applications, applied matching runs and placements made by hand. */
@Module({
  controllers: [TwinningPairsController],
  providers: [TwinningPairsService],
  exports: [TwinningPairsService],
})
export class TwinningPairsModule {}
