import type { NotificationType } from '../notification-types';

export interface Template {
  title: string;
  body: string;
}

/** One locale's texts; `{{name}}` marks a value filled in from the notification's parameters. */
export type TemplateSet = Record<NotificationType, Template>;
