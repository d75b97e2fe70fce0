import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MatchingJobData, QUEUES } from '../queues/queues';
import { MatchingRunsService } from './matching-runs.service';

/**
 * Runs matching in the worker process, never in the API's. The engine is synchronous and takes up to ~10 s on
 * the largest cohorts, so the lock is long enough that BullMQ does not think the job stalled meanwhile; a
 * worker that really dies leaves the job to be picked up again, and the run to be computed afresh.
 */
@Processor(QUEUES.matching, { lockDuration: 120_000, concurrency: 1 })
export class MatchingProcessor extends WorkerHost {
  private readonly logger = new Logger(MatchingProcessor.name);

  constructor(private readonly runs: MatchingRunsService) {
    super();
  }

  async process(job: Job<MatchingJobData>): Promise<void> {
    const { runId } = job.data;
    try {
      await this.runs.execute(runId, (percent) => job.updateProgress(percent));
    } catch (error) {
      // Retry while attempts remain (a lost connection heals); the last failure is recorded on the run.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.runs.markFailed(runId, error);
        this.logger.error({ err: error, runId }, 'matching run failed');
        return;
      }
      throw error;
    }
  }
}
