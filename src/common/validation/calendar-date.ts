import { applyDecorators } from '@nestjs/common';
import {
  IsISO8601,
  Matches,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  isDateString,
} from 'class-validator';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as §3 writes it, `YYYY-MM-DD`, and a real one (no 30 February). */
export const IsCalendarDate = () =>
  applyDecorators(
    Matches(CALENDAR_DATE, { message: ({ property }) => `${property} must be a date written YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date` }),
  );

/** The date is the same as or later than the one in `field` (windows in order); skipped when either is absent. */
export function IsOnOrAfter(field: string, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isOnOrAfter',
      target: target.constructor,
      propertyName: property,
      constraints: [field],
      options: { message: `${property} must be on or after ${field}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[field];
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          if (!isDateString(value) || !isDateString(other)) return true;
          return value >= other;
        },
      },
    });
}
