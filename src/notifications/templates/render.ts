import type { Locale } from '../../users/user.entity';
import type { NotificationType } from '../notification-types';
import { en } from './en';
import type { Template } from './template';
import { zh } from './zh';

const TEMPLATES = { en, zh } as const;

/** The title and body of a notification in the recipient's locale; a value missing from `params` stays visible. */
export function render(type: NotificationType, locale: Locale, params: Record<string, string | number>): Template {
  const template = TEMPLATES[locale][type];
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  return { title: fill(template.title), body: fill(template.body) };
}
