/** Every kind of notification the programme sends (§7); each has a text in every locale's template file. */
export const NOTIFICATION_TYPES = [
  'invitation',
  'matching_run_finished',
  'placement_proposed',
  'placement_accepted',
  'placement_declined',
  'placement_confirmed',
  'placement_cancelled',
  'departure_reminder',
  'log_reminder',
  'report_due',
  'report_overdue',
  'milestone_due',
  'checklist_due',
  'checklist_overdue',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Reminders may be muted by e-mail; the rest (invitations above all) always go out. */
export const REMINDER_TYPES: NotificationType[] = [
  'departure_reminder',
  'log_reminder',
  'report_due',
  'report_overdue',
  'milestone_due',
  'checklist_due',
  'checklist_overdue',
];

/**
 * Types whose text carries a one-time secret link (an invitation's token). They go to an address by e-mail
 * alone, and once the e-mail is sent the token is cut out of the stored text: the database keeps only its
 * digest, as for every other token (§4).
 */
export const ONE_TIME_LINK_TYPES: NotificationType[] = ['invitation'];

/** `sending`: claimed by a delivery that has not reported back; reclaimed if it never does. */
export const CHANNEL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
