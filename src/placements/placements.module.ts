import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Placement } from './placement.entity';

/** Placements: created in `proposed` state by applying a matching run; their lifecycle comes next. */
@Module({
  imports: [TypeOrmModule.forFeature([Placement])],
  exports: [TypeOrmModule],
})
export class PlacementsModule {}
