import type { NotificationType } from '../notification-types';

export interface Template {
  title: string;
  body: string;
}

/** One locale's texts; `{{name}}` marks a value filled in from the notification's parameters. */
export type TemplateSet = Record<NotificationType, Template>;

/** Words the platform itself puts into texts (report kinds, checklist items), by their code. */
export type Terms = Record<string, string>;
