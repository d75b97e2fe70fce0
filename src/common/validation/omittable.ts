import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it is validated, `null` included. `@IsOptional()` lets `null`
 * through unchecked, which is right only for fields that may really be null.
 */
export const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
