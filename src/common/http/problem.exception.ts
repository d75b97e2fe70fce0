import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the client can act on, rendered as RFC 9457 problem details.
 * `slug` names the problem type (documented in docs/problems.md); `extensions` add members to the body.
 */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title, status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(readonly errors: FieldError[]) {
    super(
      HttpStatus.BAD_REQUEST,
      'validation',
      'Invalid request',
      errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid`,
      { errors },
    );
  }
}

export const notFound = (what: string) =>
  new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', `${what} was not found`);

export const conflict = (slug: string, detail: string, extensions?: Record<string, unknown>) =>
  new ProblemException(HttpStatus.CONFLICT, slug, 'Conflict', detail, extensions);

export const ruleBroken = (slug: string, detail: string, extensions?: Record<string, unknown>) =>
  new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, slug, 'Against a programme rule', detail, extensions);

export const forbidden = (slug: string, detail: string, extensions?: Record<string, unknown>) =>
  new ProblemException(HttpStatus.FORBIDDEN, slug, 'Forbidden', detail, extensions);

/** A well-formed id that names nothing the caller can use: a 422 naming the field. */
export const unknownReference = (field: string, what: string) =>
  new ProblemException(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'unknown-reference',
    'Unknown reference',
    `${what} was not found`,
    {
      errors: [{ field, message: `${what} was not found` }],
    },
  );
