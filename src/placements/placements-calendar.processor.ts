import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { PLACEMENT_JOBS, QUEUES } from '../queues/queues';
import { PlacementsService } from './placements.service';
import { utcDate } from '../common/time';

/**
 * Starts and completes placements on their dates. A daily task, scheduled hourly: it is idempotent, and a
 * worker that was down at midnight catches up within the hour.
 */
@Processor(QUEUES.placements)
export class PlacementsCalendarProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlacementsCalendarProcessor.name);

  constructor(
    private readonly placements: PlacementsService,
    @InjectQueue(QUEUES.placements) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PLACEMENT_JOBS.advanceByCalendar,
      { pattern: '5 * * * *' },
      { name: PLACEMENT_JOBS.advanceByCalendar },
    );
  }

  async process(job: Job): Promise<{ started: number; completed: number; waiting: number }> {
    // Calendar dates are reckoned in UTC, like the placements' dates themselves.
    const today = utcDate(new Date(job.timestamp));
    const counts = await this.placements.advanceByCalendar(today);
    this.logger.log(counts, 'placements moved by the calendar');
    return counts;
  }
}
