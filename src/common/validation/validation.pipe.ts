import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationProblem } from '../http/problem.exception';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'is not an allowed field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Unknown keys the whitelist never sees: Nest deletes `__proto__`, `constructor` and `prototype` before validating,
 * and class-transformer skips a name the instance already has (`toString`, `hasOwnProperty`) or throws on a getter
 * (`offset` of a page query). Nested objects are checked for the names every object has.
 */
function hiddenKeys(value: unknown, prototype: object): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; prototype: object }> = [{ value, path: '', prototype }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    for (const [key, child] of Object.entries(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (!Array.isArray(next.value) && (key === '__proto__' || key === 'prototype' || key in next.prototype)) {
        errors.push({ field: path, message: 'is not an allowed field' });
      }
      pending.push({ value: child, path, prototype: Object.prototype });
    }
  }
  return errors;
}

/** Refuses what Nest's pipe would silently drop or turn into something else before validating. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) {
      // Nest reads a `null` body as `{}`: a PATCH of `null` would change nothing and answer 200.
      if (metadata.type === 'body' && value === null) {
        throw new ValidationProblem([{ field: 'body', message: 'body must be a JSON object' }]);
      }
      const hidden = hiddenKeys(value, metadata.metatype.prototype as object);
      if (hidden.length) throw new ValidationProblem(hidden);
    }
    return super.transform(value, metadata);
  }
}

/** Strict input: unknown fields are rejected, types converted only where a DTO says how. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}
