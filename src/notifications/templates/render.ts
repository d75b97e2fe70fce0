import type { Locale } from '../../users/user.entity';
import type { NotificationType } from '../notification-types';
import { en, enTerms } from './en';
import type { Template } from './template';
import { zh, zhTerms } from './zh';

const TEMPLATES = { en, zh } as const;
const TERMS = { en: enTerms, zh: zhTerms } as const;

/** Parameters that carry one of the platform's own codes, said in the recipient's language. */
const TRANSLATED = ['kind', 'item'];

/** The title and body of a notification in the recipient's locale; a value missing from `params` stays visible. */
export function render(type: NotificationType, locale: Locale, params: Record<string, string | number>): Template {
  const template = TEMPLATES[locale][type];
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => {
      if (!(name in params)) return match;
      const value = String(params[name]);
      return TRANSLATED.includes(name) ? (TERMS[locale][value] ?? value) : value;
    });
  return { title: fill(template.title), body: fill(template.body) };
}
