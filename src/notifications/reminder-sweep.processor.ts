import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job, Queue } from 'bullmq';
import type { Environment } from '../config/environment';
import { QUEUES, REMINDER_JOBS } from '../queues/queues';
import { ReminderCounts, ReminderSweep } from './reminder-sweep';

/**
 * Runs the reminder sweep every `REMINDER_SWEEP_INTERVAL_MS`. One scheduler by a fixed id, so restarts and
 * several workers keep one schedule; a pass that runs twice anyway writes nothing twice (the sweep's key).
 */
@Processor(QUEUES.reminders)
export class ReminderSweepProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly intervalMs: number;

  constructor(
    private readonly sweep: ReminderSweep,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    config: ConfigService<Environment, true>,
  ) {
    super();
    this.intervalMs = config.get('REMINDER_SWEEP_INTERVAL_MS', { infer: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(REMINDER_JOBS.sweep, { every: this.intervalMs }, { name: REMINDER_JOBS.sweep });
  }

  process(job: Job): Promise<ReminderCounts> {
    // The clock when the pass runs, not when the job was scheduled: the sending hour is about now.
    if (job.name !== REMINDER_JOBS.sweep) return Promise.resolve({});
    return this.sweep.run(new Date());
  }
}
