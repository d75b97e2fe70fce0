import type { TransformFnParams } from 'class-transformer';

/** `?flag=true|false` to a boolean; anything else is left for `@IsBoolean()` to refuse. */
export const toBoolean = ({ value }: TransformFnParams): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Escapes `%`, `_` and `\` so a search term matches literally inside `ILIKE '%…%' ESCAPE '\'`. */
export const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, '\\$&')}%`;
