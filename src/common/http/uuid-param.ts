import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ValidationProblem } from './problem.exception';

/** Routes with a UUID path parameter document its 400 with `@ApiBadRequestResponse({ type: ProblemResponse })`. */

/**
 * A path parameter that must be a UUID; anything else is a 400 naming the parameter. The OpenAPI document says
 * so too (`format: uuid`), so clients and generated sweeps know the id's form.
 */
export const UuidParam =
  (name = 'id'): ParameterDecorator =>
  (target, method, index) => {
    Param(
      name,
      new ParseUUIDPipe({
        exceptionFactory: () => new ValidationProblem([{ field: name, message: `${name} must be a UUID` }]),
      }),
    )(target, method, index);
    if (method === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, method)!;
    ApiParam({ name, type: String, format: 'uuid' })(target, method, descriptor);
  };
