import { ROLES, type Role } from '../../src/common/auth/role';

/**
 * The parts of the API's own OpenAPI document (`/docs-json`) the bad-input sweep reads: every operation with
 * its parameters, body schema and allowed roles, so that a new route is swept as soon as it is documented.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface SweptOperation {
  method: Method;
  /** As documented, e.g. `/api/v1/cohorts/{id}/transitions`. */
  path: string;
  name: string;
  parameters: Parameter[];
  body?: Schema;
  /** Roles allowed to call it; null for a public route. */
  roles: Role[] | null;
}

const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation that takes a body or parameters; the others have no input to get wrong. */
export function operationsWithInput(document: OpenApiDocument): SweptOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).flatMap((method) => {
      const operation = item[method];
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const parameters = operation.parameters ?? [];
      if (!body && parameters.length === 0) return [];
      return [{ method, path, name: `${method.toUpperCase()} ${path}`, parameters, body, roles: rolesOf(operation) }];
    }),
  );
}

/** `@Roles(...)` documents its roles on the 403 answer ("Allowed roles: admin, coordinator"). */
function rolesOf(operation: Operation): Role[] | null {
  if (!operation.security?.length) return null;
  const described = operation.responses['403']?.description?.match(/Allowed roles: ([a-z, ]+)/)?.[1];
  if (!described) throw new Error('A protected operation documents no allowed roles on its 403 answer');
  return described
    .split(',')
    .map((role) => role.trim())
    .filter((role): role is Role => (ROLES as readonly string[]).includes(role));
}

/** Follows `$ref` and a lone `allOf` (how Nest documents a nullable or described nested DTO). */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) {
    const { allOf, ...rest } = schema;
    return { ...resolve(document, allOf[0]), ...rest, type: 'object' };
  }
  return schema;
}

/**
 * What a value of the schema really is. Nest documents `T | null` properties as `type: object`, so for those the
 * example says what the value is, and a property without one is `unknown`: only a boolean or an array is surely
 * wrong for it.
 */
export type ValueKind =
  | 'uuid'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'email'
  | 'url'
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'array'
  | 'object'
  | 'unknown';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function kindOf(schema: Schema): ValueKind {
  if (schema.enum) return 'enum';
  if (schema.format === 'uuid' && schema.type !== 'array') return 'uuid';
  const example = schema.example;
  const type = schema.type === 'object' && !schema.properties ? exampleType(example) : schema.type;
  if (type === 'string' && typeof example === 'string') {
    if (CALENDAR_DATE.test(example)) return 'date';
    if (INSTANT.test(example)) return 'datetime';
    if (/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(example)) return 'email';
    if (/^https?:\/\//.test(example)) return 'url';
  }
  switch (type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return type;
    default:
      return 'unknown';
  }
}

function exampleType(example: unknown): string | undefined {
  if (example === undefined || example === null) return undefined;
  if (Array.isArray(example)) return 'array';
  return typeof example === 'object' ? 'object' : typeof example;
}

/** The JSON type of a value, as a schema would name it. */
export function jsonTypeOf(value: unknown): 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'string' | 'number' | 'boolean' | 'object';
}

/** A field of a body, as a path of keys and array indexes, with its schema. */
export interface Field {
  path: Array<string | number>;
  schema: Schema;
  required: boolean;
}

export const fieldName = (path: Array<string | number>) => path.join('.');

/** Every property of the body, nested DTOs and the first item of arrays included, down to `depth` levels. */
export function fieldsOf(document: OpenApiDocument, schema: Schema, depth = 4, prefix: Field['path'] = []): Field[] {
  const resolved = resolve(document, schema);
  if (depth === 0) return [];
  if (resolved.type === 'array' && resolved.items) {
    // `@ApiProperty({ type: [String], format: 'uuid' })` puts the items' format on the array.
    const item = resolve(document, { format: resolved.format, ...resolved.items });
    const path = [...prefix, 0];
    return [{ path, schema: item, required: true }, ...fieldsOf(document, item, depth - 1, path)];
  }
  return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
    const path = [...prefix, name];
    const field = { path, schema: resolve(document, property), required: resolved.required?.includes(name) ?? false };
    return [field, ...fieldsOf(document, property, depth - 1, path)];
  });
}

/**
 * A value the schema describes: the example where there is one, else the first enum value, a UUID, the minimum.
 * The sweep breaks one field of it at a time; the rest need only be well-formed, not meaningful.
 */
export function sampleOf(document: OpenApiDocument, schema: Schema, withOptional = false): unknown {
  const resolved = resolve(document, schema);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.enum) return resolved.enum[0];
  if (resolved.default !== undefined && resolved.default !== '') return resolved.default;
  if (resolved.format === 'uuid' && resolved.type !== 'array') return '7a3c4a8e-1d1b-4c1e-9a63-4f1f0f7b2b11';
  switch (resolved.type) {
    case 'string':
      return 'A well-formed value';
    case 'number':
    case 'integer':
      return resolved.minimum ?? resolved.maximum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, resolved.minItems ?? 1) }, () =>
        sampleOf(document, { format: resolved.format, ...resolved.items }),
      );
    case 'object': {
      if (!resolved.properties) return resolved.nullable ? null : {};
      const names = Object.keys(resolved.properties).filter(
        (name) => withOptional || resolved.required?.includes(name),
      );
      return Object.fromEntries(names.map((name) => [name, sampleOf(document, resolved.properties![name])]));
    }
    default:
      return null;
  }
}
