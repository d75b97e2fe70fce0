import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Far deeper than any body the API takes (a cohort's grant rules nest 4 levels), far shallower than what the
 * recursive walks over a parsed body (prototype-key stripping, class-transformer, validation) survive: a body
 * nested 100 000 levels, well under the size limit, would otherwise overflow the stack and end in a 500.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, read byte by byte without parsing (brackets
 * inside strings do not count). UTF-8 never uses these ASCII bytes inside a multi-byte character.
 */
export function nestsDeeperThan(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const byte = text[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * The only body parser of the API (§3: JSON in and out; Nest would also take HTML form bodies): Fastify's own JSON
 * parser, which refuses `__proto__` and `constructor.prototype` keys, behind the depth check.
 */
export function jsonBodyParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void): void => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      const error = Object.assign(new Error(`The body nests deeper than ${MAX_JSON_DEPTH} levels`), {
        statusCode: HttpStatus.BAD_REQUEST,
      });
      done(error);
      return;
    }
    void parse(request, body.toString(), done);
  };
}
