/**
 * Calendar dates as §3 writes them (`YYYY-MM-DD`) have no time zone: arithmetic on them in UTC is exact, so
 * every rule that counts days does it here.
 */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01; NaN for a string that is not a date. */
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A calendar date moved by whole days, back when `days` is negative. */
export const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days);

/** Days from `from` to `to`, both counted. */
export const daysInclusive = (from: string, to: string): number => dayNumber(to) - dayNumber(from) + 1;

/** The UTC calendar date of an instant (now by default). */
export const utcDate = (at: Date = new Date()): string => at.toISOString().slice(0, 10);
