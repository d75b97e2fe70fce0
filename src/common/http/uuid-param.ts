import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { ValidationProblem } from './problem.exception';
import { ProblemResponse } from './problem.response';

/**
 * A path parameter that must be a UUID; anything else is a 400 naming the parameter, and an id that names
 * nothing the caller may see is a 404 (§3). The route's OpenAPI entry says all three (`format: uuid`, 400, 404);
 * a route that says more about its 400 or 404 declares it on the method, which takes precedence.
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
    for (const document of [
      ApiParam({ name, type: String, format: 'uuid' }),
      ApiBadRequestResponse({ type: ProblemResponse }),
      ApiNotFoundResponse({ type: ProblemResponse }),
    ]) {
      document(target, method, descriptor);
    }
  };
