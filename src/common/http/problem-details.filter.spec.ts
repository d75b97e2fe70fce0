import { BadRequestException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem-details.filter';
import { ProblemException, ValidationProblem } from './problem.exception';

const databaseError = (code: string) => new QueryFailedError('INSERT …', [], Object.assign(new Error('db'), { code }));

describe('toProblem', () => {
  it('renders a domain problem with its type, detail and extensions', () => {
    expect(
      toProblem(new ProblemException(HttpStatus.CONFLICT, 'email-taken', 'Conflict', 'Taken', { email: 'x' })),
    ).toEqual({
      type: '/problems/email-taken',
      title: 'Conflict',
      status: 409,
      detail: 'Taken',
      email: 'x',
    });
  });

  it('lists the fields of a validation problem', () => {
    expect(toProblem(new ValidationProblem([{ field: 'email', message: 'email must be an email' }]))).toMatchObject({
      status: 400,
      detail: 'email: email must be an email',
      errors: [{ field: 'email', message: 'email must be an email' }],
    });
  });

  it('renders Nest HTTP exceptions as about:blank with the standard title', () => {
    expect(toProblem(new BadRequestException('Nope'))).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Nope',
    });
  });

  it.each([
    ['23505', 409],
    ['23503', 409],
    ['23514', 422],
    ['40001', 409],
    ['22P02', 400],
    // A NUL character in text, and in a JSON value.
    ['22021', 400],
    ['22P05', 400],
  ])('maps PostgreSQL error %s to %i', (code, status) => {
    expect(toProblem(databaseError(code)).status).toBe(status);
  });

  it('maps a not-null violation (23502), a required value sent as null, to 400 malformed', () => {
    expect(toProblem(databaseError('23502'))).toEqual({
      type: '/problems/malformed',
      title: 'Bad Request',
      status: 400,
      detail: 'A required value is missing',
    });
  });

  it('keeps the status of a client error raised by Fastify', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(tooLarge)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('hides the message of anything unexpected behind a 500', () => {
    const problem = toProblem(new Error('connection string postgres://secret@db'));
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
    });
    expect(toProblem(databaseError('XX000')).status).toBe(500);
  });
});
