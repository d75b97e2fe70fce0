import type { DefaultJobOptions } from 'bullmq';

/** Every queue of the platform, in one catalogue (§2). Payloads carry ids only, never personal data. */
export const QUEUES = {
  maintenance: 'maintenance',
  matching: 'matching',
  placements: 'placements',
  notifications: 'notifications',
  reminders: 'reminders',
} as const;

export const MAINTENANCE_JOBS = {
  purgeExpiredCredentials: 'purge-expired-credentials',
} as const;

export const NOTIFICATION_JOBS = {
  deliver: 'deliver',
} as const;

/** A delivery job carries the notification's id only (it is also the job id). */
export interface NotificationJobData {
  notificationId: string;
}

/** The reminder sweep: a scheduled job with no payload (the database says what is due). */
export const REMINDER_JOBS = {
  sweep: 'sweep',
} as const;

export const PLACEMENT_JOBS = {
  advanceByCalendar: 'advance-by-calendar',
} as const;

export const MATCHING_JOBS = {
  run: 'run',
} as const;

/** A matching job carries the run's id only; the run row holds everything else. */
export interface MatchingJobData {
  runId: string;
}

/** Finished jobs are kept only long enough to inspect; the record of anything that matters is in PostgreSQL. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};
