import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ProblemException } from '../common/http/problem.exception';
import { MATCHING_JOBS, MatchingJobData, QUEUES } from '../queues/queues';
import { MatchingRunsService } from './matching-runs.service';

/** Puts a stored run on the `matching` queue, its id as the job id (a second add of the same run adds nothing). */
@Injectable()
export class MatchingJobs {
  private readonly logger = new Logger(MatchingJobs.name);

  constructor(
    @InjectQueue(QUEUES.matching) private readonly queue: Queue<MatchingJobData>,
    private readonly runs: MatchingRunsService,
  ) {}

  async enqueue(runId: string): Promise<void> {
    try {
      await this.queue.add(MATCHING_JOBS.run, { runId }, { jobId: runId, attempts: 3 });
    } catch (error) {
      this.logger.error({ err: error, runId }, 'could not queue a matching run');
      await this.runs.markFailed(runId, new Error('The run could not be queued; request it again'));
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'queue-unavailable',
        'Service unavailable',
        'The run could not be queued; try again shortly',
      );
    }
  }
}
