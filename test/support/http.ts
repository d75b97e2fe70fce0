import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';

/** Small helpers the HTTP tests share: headers, ids of a page, and problem-details assertions. */

export const PROBLEM = /application\/problem\+json/;

export const as = (token: string) => ({ authorization: `Bearer ${token}` });

export const unique = () => randomUUID().slice(0, 8);

export const idsOf = (response: { body: { items: Array<{ id: string }> } }) =>
  response.body.items.map((item) => item.id);

export const fieldsOf = (body: { errors?: Array<{ field: string }> }) =>
  (body.errors ?? []).map((error) => error.field);

/** A problem of the given status and type. */
export function expectProblem(response: Response, status: number, type: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(PROBLEM);
  expect(response.body).toMatchObject({ type, status });
}

/** A 400 validation problem that names `field` among its errors. */
export function expectInvalid(response: Response, field: string): void {
  expectProblem(response, 400, '/problems/validation');
  expect(fieldsOf(response.body)).toContain(field);
}
