/**
 * When reminders go out (§7), reckoned in each recipient's own time zone. Pure: no Nest, no database; the
 * zone rules come from the runtime's IANA data through `Intl.DateTimeFormat`, never from a table of our own.
 */

import type { NotificationType } from './notification-types';
import { addDays } from '../common/time';

/** A recipient's wall clock at one instant. */
export interface LocalClock {
  /** YYYY-MM-DD, the recipient's calendar day. */
  date: string;
  /** 0-23 */
  hour: number;
  minute: number;
}

/** How many days before its date a "due soon" reminder goes out (the template texts say the same). */
export const REMINDER_LEAD_DAYS = {
  departure_reminder: 7,
  report_due: 3,
  milestone_due: 7,
  checklist_due: 3,
} as const satisfies Partial<Record<NotificationType, number>>;

export type DueSoonType = keyof typeof REMINDER_LEAD_DAYS;

export const isDueSoonType = (type: NotificationType): type is DueSoonType => type in REMINDER_LEAD_DAYS;

/** Days without an exchange log after which, and every so many days after which, a log reminder goes out. */
export const LOG_SILENCE_DAYS = 7;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and the zones in use are few: one per zone, kept. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      // h23: midnight is 00, never 24.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar day and hour in `timeZone` at `at`. A zone the runtime does not know counts as UTC, so one
 * bad value in the users table cannot stop the reminders of everybody else.
 */
export function localClock(timeZone: string, at: Date): LocalClock {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = formatterFor(timeZone);
  } catch {
    formatter = formatterFor('UTC');
  }
  const part = Object.fromEntries(formatter.formatToParts(at).map(({ type, value }) => [type, value]));
  return { date: `${part.year}-${part.month}-${part.day}`, hour: Number(part.hour), minute: Number(part.minute) };
}

/**
 * The recipient's day if reminders go out to them at `now`, else null: reminders wait for `sendFromHour`
 * o'clock local time, so nobody is woken at night, and may go out any time later that day.
 */
export function reminderDay(timeZone: string, now: Date, sendFromHour: number): string | null {
  const clock = localClock(timeZone, now);
  return clock.hour >= sendFromHour ? clock.date : null;
}

/** The date a "due in N days" reminder sent on `today` is about: the recipient's today plus the lead. */
export function dueDateRemindedOn(type: DueSoonType, today: string): string {
  return addDays(today, REMINDER_LEAD_DAYS[type]);
}

/** Whether the "due soon" reminder for something due on `dueOn` goes out to a recipient in `timeZone` at `now`. */
export function isDueSoonReminderDay(
  type: DueSoonType,
  dueOn: string,
  timeZone: string,
  now: Date,
  sendFromHour: number,
): boolean {
  const today = reminderDay(timeZone, now, sendFromHour);
  return today !== null && dueDateRemindedOn(type, today) === dueOn;
}

/** Overdue from the recipient's day after the due date (from the sending hour on). */
export function isOverdue(dueOn: string, timeZone: string, now: Date, sendFromHour: number): boolean {
  const today = reminderDay(timeZone, now, sendFromHour);
  return today !== null && dueOn < today;
}

/** The key that makes a reminder unique: one per recipient, type, subject and due date. */
export function reminderKey(type: NotificationType, recipientUserId: string, subjectId: string, dueOn: string): string {
  return `${type}:${recipientUserId}:${subjectId}:${dueOn}`;
}
