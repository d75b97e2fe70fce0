import fc from 'fast-check';
import {
  fieldName,
  fieldsOf,
  jsonTypeOf,
  kindOf,
  resolve,
  sampleOf,
  type Field,
  type OpenApiDocument,
  type Parameter,
  type Schema,
  type SweptOperation,
  type ValueKind,
} from './openapi';

/**
 * Malformed requests for one documented operation, derived from its OpenAPI description: each breaks one thing
 * (a body field, a parameter, the body's shape) of an otherwise well-formed request, and breaks it in a way no
 * value of the documented type, format, enum or range allows, so the route must refuse it whatever its rules.
 */

export interface BadRequest {
  /** What is wrong, for the failure message. */
  flaw: string;
  /** The statuses a refusal may carry. */
  statuses: number[];
  /** The field or parameter a validation problem must name; undefined when something else answers first. */
  names?: string;
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: { contentType: string; text: string };
  /** The path values are sent as they are, already percent-encoded (or broken on purpose). */
  pathEncoded?: boolean;
  [fc.toStringMethod]?: () => string;
}

/** A request the operation takes: path ids of real records, required query values, a body of sample values. */
export interface WellFormed {
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  body?: unknown;
}

export interface Sweep {
  /** Every field and parameter broken every way, run as fast-check examples. */
  examples: BadRequest[];
  /** Random breakages of the same kinds, for the runs fast-check draws. */
  random: fc.Arbitrary<BadRequest>;
}

const KIB = 1024;
const HUGE_STRING = 'x'.repeat(100 * KIB);
/** Query and path values travel in the request line, which Node caps at 16 KiB with the headers. */
const LONG_PARAMETER = 'x'.repeat(4 * KIB);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const SOME_UUID = '7a3c4a8e-1d1b-4c1e-9a63-4f1f0f7b2b11';
/** Text PostgreSQL cannot store: not a value any field of the API can hold. */
const WITH_NUL = 'before\u0000after';
/**
 * Free text with a NUL passes validation, so the route may refuse it for another reason first (a rule, an unknown
 * record, a wrong password); whoever refuses it, it is a 4xx, and never stored.
 */
const ANY_CLIENT_ERROR = Array.from({ length: 100 }, (_, index) => 400 + index);

const INJECTIONS = [
  "' OR 1=1 --",
  '1; DROP TABLE users; --',
  "%' OR '1'='1",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../etc/passwd',
];
const injection = fc.constantFrom(...INJECTIONS);

/** Keys no DTO declares, some of them names every JavaScript object inherits. */
const ODD_KEYS = ['prototype', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isAdmin', "' OR 1=1 --", ''];

/** Nested objects `depth` levels deep, written as text (JSON.stringify would overflow the stack first). */
const deeplyNested = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;
const DEEP = 1000;
/** Deeper than any recursive walk over the parsed body can go on Node's default stack. */
const DEEPER = 100_000;

const noDigits = (text: string) => !/\d/.test(text);

/** Invalid text for a value of the kind; empty when every string is a valid one (free text). */
function invalidText(
  kind: ValueKind,
  schema: Schema,
  long: string,
): { examples: string[]; random?: fc.Arbitrary<string> } {
  switch (kind) {
    case 'uuid':
      return {
        examples: [
          '',
          'not-a-uuid',
          '42',
          SOME_UUID.slice(1),
          `${SOME_UUID}0`,
          SOME_UUID.replace(/-/g, ''),
          `{${SOME_UUID}}`,
          SOME_UUID.replace(/.$/, 'g'),
          long,
          ...INJECTIONS,
        ],
        random: fc.oneof(
          fc.string({ maxLength: 40 }).filter((text) => !UUID.test(text)),
          fc
            .tuple(fc.uuid(), fc.nat(35))
            .map(([uuid, at]) => `${uuid.slice(0, at)}${uuid.slice(at + 1)}`)
            .filter((text) => !UUID.test(text)),
          injection,
        ),
      };
    case 'enum': {
      const values = (schema.enum ?? []).map(String);
      const first = values[0] ?? 'x';
      const near = [first.toUpperCase(), ` ${first}`, `${first}x`].filter((text) => !values.includes(text));
      return {
        examples: ['', ...near, long, ...INJECTIONS],
        random: fc.oneof(fc.string(), injection).filter((text) => !values.includes(text)),
      };
    }
    case 'date':
      return {
        examples: [
          '',
          '2027-02-30',
          '2027-13-01',
          '2027-00-10',
          '2027-8-1',
          '27-08-01',
          '2027/08/01',
          '01-08-2027',
          '2027-08-01T00:00:00Z',
          'yesterday',
          long,
          ...INJECTIONS,
        ],
        random: fc.oneof(
          fc
            .tuple(
              fc.integer({ min: 1000, max: 9999 }),
              fc.integer({ min: 13, max: 99 }),
              fc.integer({ min: 1, max: 28 }),
            )
            .map(([year, month, day]) => `${year}-${month}-${String(day).padStart(2, '0')}`),
          fc.string().filter(noDigits),
          injection,
        ),
      };
    case 'datetime':
      return {
        examples: [
          '',
          '2026-02-30T00:00:00Z',
          '2026-13-01T00:00:00Z',
          '2026-01-01T25:00:00Z',
          'yesterday',
          'now',
          long,
          ...INJECTIONS,
        ],
        random: fc.oneof(
          fc.integer({ min: 13, max: 99 }).map((month) => `2026-${month}-01T00:00:00Z`),
          fc.string().filter(noDigits),
          injection,
        ),
      };
    case 'email':
      return {
        examples: ['', 'not-an-email', 'someone@', '@example.org', 'a b@example.org', long, ...INJECTIONS],
        random: fc.oneof(
          fc.string().filter((text) => !text.includes('@')),
          injection,
        ),
      };
    case 'url':
      return {
        examples: ['', 'not a url', 'javascript:alert(1)', 'ftp://example.org/', '//example.org', long, ...INJECTIONS],
        random: fc.oneof(
          fc.string().filter((text) => !text.includes(':')),
          injection,
        ),
      };
    default:
      return { examples: [] };
  }
}

/** Query values arrive as text: what no number, boolean or formatted value of the parameter can be. */
function invalidParameterText(parameter: Parameter): { examples: string[]; random?: fc.Arbitrary<string> } {
  const schema = parameter.schema ?? {};
  const kind = parameter.in === 'path' && /^(id|.+Id)$/.test(parameter.name) ? 'uuid' : kindOf(schema);
  if (kind === 'number' || kind === 'integer') {
    const { minimum, maximum } = schema;
    const outside = [
      ...(minimum !== undefined ? [minimum - 1, minimum - 1000] : []),
      ...(maximum !== undefined ? [maximum + 1] : []),
    ].map(String);
    return {
      examples: ['ten', 'NaN', 'Infinity', '-Infinity', '1e308', '-1e308', String(2 ** 53 + 1), '', ...outside],
      random: fc.oneof(
        fc.string().filter((text) => text.trim() !== '' && Number.isNaN(Number(text))),
        outsideRange(schema).map(String),
      ),
    };
  }
  if (kind === 'boolean') {
    return {
      examples: ['', 'yes', 'no', '1', '0', 'TRUE', 'on', ...INJECTIONS],
      random: fc.string().filter((text) => text !== 'true' && text !== 'false'),
    };
  }
  // Free text in a query may be anything; in a path it names a record (a checklist item), and these name none.
  if (kind === 'string' || kind === 'unknown') {
    return parameter.in === 'path'
      ? { examples: ['', LONG_PARAMETER, ...INJECTIONS], random: injection }
      : { examples: [] };
  }
  return invalidText(kind, schema, LONG_PARAMETER);
}

/** Numbers outside the documented range, or too large for any field of the API (no field takes unsafe integers). */
function outsideRange(schema: Schema): fc.Arbitrary<number> {
  const { minimum, maximum } = schema;
  const huge = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 53 + 1), Number.MAX_VALUE);
  const ranges = [
    ...(minimum !== undefined
      ? [fc.double({ max: minimum, maxExcluded: true, noNaN: true, noDefaultInfinity: true })]
      : []),
    ...(maximum !== undefined
      ? [fc.double({ min: maximum, minExcluded: true, noNaN: true, noDefaultInfinity: true })]
      : []),
  ];
  return fc.oneof(huge, ...ranges);
}

function numberExamples(schema: Schema): number[] {
  const { minimum, maximum } = schema;
  return [
    1e308,
    -1e308,
    2 ** 53 + 1,
    ...(minimum !== undefined ? [minimum - 1] : []),
    ...(minimum !== undefined && minimum >= 0 ? [-1] : []),
    ...(maximum !== undefined ? [maximum + 1] : []),
  ];
}

/** The JSON type a value of the kind has; `unknown` stands for a `T | null` Nest documented as an object. */
function jsonTypeFor(kind: ValueKind): string | undefined {
  switch (kind) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
    case 'array':
    case 'object':
      return kind;
    case 'unknown':
      return undefined;
    default:
      return 'string';
  }
}

/** A value of another JSON type than the field's (null only where the field is not nullable). */
function isWrongType(field: Field, value: unknown): boolean {
  const expected = jsonTypeFor(kindOf(field.schema));
  const actual = jsonTypeOf(value);
  if (actual === 'null') return !field.schema.nullable;
  // Of a `T | null` documented as an object only booleans and arrays are surely not T.
  if (expected === undefined) return actual === 'boolean' || actual === 'array';
  return actual !== expected;
}

const WRONG_TYPE_EXAMPLES: unknown[] = ['42', 42, true, [], {}, null, [1, 'two'], { nested: { value: 1 } }];

/** Where the bad value goes: replaces the field's value (as a value or as raw JSON), removes it, or adds a key. */
type Edit =
  | { at: Field['path']; set: unknown }
  | { at: Field['path']; setText: string }
  | { at: Field['path']; remove: true }
  | { at: Field['path']; addKey: string; value: unknown };

const PLACEHOLDER = '\u0001raw-json\u0001';

/** The body with one edit, as JSON text (raw text for values JSON.stringify cannot write, e.g. 100 000 levels). */
function editedBody(base: unknown, edit: Edit): string {
  const body = structuredClone(base);
  const parentPath = 'addKey' in edit ? edit.at : edit.at.slice(0, -1);
  const last = edit.at[edit.at.length - 1];
  let target: any = body;
  for (const key of parentPath) {
    target = target[key];
  }
  if ('remove' in edit) delete target[last];
  else if ('set' in edit) target[last] = edit.set;
  else if ('setText' in edit) target[last] = PLACEHOLDER;
  else Object.defineProperty(target, edit.addKey, { value: edit.value, enumerable: true, writable: true });
  const text = JSON.stringify(body);
  return 'setText' in edit ? text.replace(JSON.stringify(PLACEHOLDER), edit.setText) : text;
}

/** The sample body, with every nested object and array on the way to `path` filled in with sample values. */
function bodyReaching(document: OpenApiDocument, base: unknown, fields: Field[], path: Field['path']): unknown {
  const body = structuredClone(base ?? {}) as any;
  let target = body;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const key = path[depth];
    if (target[key] === undefined || target[key] === null) {
      const field = fields.find((candidate) => fieldName(candidate.path) === fieldName(path.slice(0, depth + 1)));
      target[key] = sampleOf(document, field?.schema ?? {});
    }
    target = target[key];
  }
  return body;
}

export function sweepOf(document: OpenApiDocument, operation: SweptOperation, wellFormed: WellFormed): Sweep {
  const examples: BadRequest[] = [];
  const random: Array<fc.Arbitrary<BadRequest>> = [];
  const request = (flaw: string, statuses: number[], change: Partial<BadRequest>, names?: string): BadRequest => ({
    // fast-check prints a failing input by this, not by its (up to 1 MB) body.
    [fc.toStringMethod]: () => flaw,
    flaw,
    statuses,
    names,
    pathValues: wellFormed.pathValues,
    query: wellFormed.query,
    headers: {},
    ...(wellFormed.body !== undefined && {
      body: { contentType: 'application/json', text: JSON.stringify(wellFormed.body) },
    }),
    ...change,
  });

  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      const invalid = invalidParameterText(parameter);
      // A value the router cannot match as a segment (empty) is a 404, one longer than a path parameter may be a 414.
      const asPath = (value: string, pathEncoded = false) =>
        request(
          `path ${parameter.name} = ${preview(value)}`,
          [400, 404, 414],
          { pathValues: { ...wellFormed.pathValues, [parameter.name]: value }, pathEncoded },
          parameter.name,
        );
      examples.push(
        ...invalid.examples.map((value) => asPath(value)),
        // Refused by the router (broken percent-encoding) or the database, before any validation could name it.
        request(`path ${parameter.name} broken percent-encoding`, [400], {
          pathValues: { ...wellFormed.pathValues, [parameter.name]: '%E0%A4%A' },
          pathEncoded: true,
        }),
        request(`path ${parameter.name} with a NUL character`, ANY_CLIENT_ERROR, {
          pathValues: { ...wellFormed.pathValues, [parameter.name]: WITH_NUL },
        }),
      );
      if (invalid.random) random.push(invalid.random.map((value) => asPath(value)));
    }
    if (parameter.in === 'query') {
      const others = wellFormed.query.filter(([name]) => name !== parameter.name);
      const asQuery = (value: string) =>
        request(
          `query ${parameter.name} = ${preview(value)}`,
          [400],
          { query: [...others, [parameter.name, value]] },
          parameter.name,
        );
      const invalid = invalidParameterText(parameter);
      examples.push(...invalid.examples.map(asQuery));
      if (invalid.random) random.push(invalid.random.map(asQuery));
      // A parameter documented as one value, given twice, arrives as a list.
      const sample = String(
        parameter.schema?.enum?.[0] ?? parameter.schema?.example ?? parameter.schema?.default ?? 'x',
      );
      examples.push(
        request(
          `query ${parameter.name} given twice`,
          [400],
          { query: [...others, [parameter.name, sample], [parameter.name, sample]] },
          parameter.name,
        ),
        request(`query ${parameter.name} with a NUL character`, ANY_CLIENT_ERROR, {
          query: [...others, [parameter.name, WITH_NUL]],
        }),
      );
    }
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key') {
      // The interceptor takes 1 to 255 visible ASCII characters (HTTP itself strips spaces around a value).
      const asHeader = (value: string) =>
        request(
          `header ${parameter.name} = ${preview(value)}`,
          [400],
          { headers: { [parameter.name]: value } },
          parameter.name,
        );
      examples.push(...['', 'two words', 'x'.repeat(256), 'clé', "' OR 1=1 --"].map(asHeader));
      // Characters a header may carry (Latin-1 without controls), so that the request can be sent at all.
      const headerCharacter = fc
        .integer({ min: 0x20, max: 0xff })
        .filter((code) => code < 0x7f || code >= 0xa0)
        .map((code) => String.fromCharCode(code));
      random.push(
        fc
          .string({ unit: headerCharacter, minLength: 1, maxLength: 300 })
          .filter((value) => !IDEMPOTENCY_KEY.test(value.trim()))
          .map(asHeader),
      );
    }
  }

  const queryNames = operation.parameters.filter((parameter) => parameter.in === 'query').map(({ name }) => name);
  // Only where the operation documents a query: elsewhere the query is not read at all, like any other URL noise.
  if (queryNames.length > 0) {
    const unknownQuery = (name: string, value: string) =>
      request(`unknown query parameter ${preview(name)}`, [400], { query: [...wellFormed.query, [name, value]] }, name);
    examples.push(
      ...['isAdmin', 'limit', 'offset', 'sort[]', "' OR 1=1 --", ...ODD_KEYS.filter(Boolean), '__proto__']
        .filter((name) => !queryNames.includes(name))
        .map((name) => unknownQuery(name, '1')),
      // Over the 16 KiB Node allows a request line and its headers: refused before any route is looked up.
      request(`a query of ${HUGE_STRING.length} characters`, [431], {
        query: [...wellFormed.query, [queryNames[0], HUGE_STRING]],
      }),
    );
    random.push(
      fc
        .tuple(
          fc
            .string({ minLength: 1, maxLength: 20 })
            .filter((name) => !queryNames.includes(name) && /^[\w.-]+$/.test(name)),
          fc.string({ maxLength: 20 }),
        )
        .map(([name, value]) => unknownQuery(name, value)),
    );
  }

  if (operation.body) {
    const base = wellFormed.body;
    const fields = fieldsOf(document, operation.body);
    const bodyRequest = (flaw: string, text: string, names?: string, statuses = [400]) =>
      request(flaw, statuses, { body: { contentType: 'application/json', text } }, names);
    const edited = (field: Field, edit: Edit) =>
      editedBody(bodyReaching(document, base, fields, 'addKey' in edit ? [...edit.at, edit.addKey] : edit.at), edit);

    for (const field of fields) {
      const name = fieldName(field.path);
      // A rule on each item of a list (`@IsUUID('all', { each: true })`) names the list, not the item.
      const named = typeof field.path[field.path.length - 1] === 'number' ? fieldName(field.path.slice(0, -1)) : name;
      const kind = kindOf(field.schema);
      const withValue = (flaw: string, value: unknown) =>
        bodyRequest(`body ${name}: ${flaw}`, edited(field, { at: field.path, set: value }), named);

      examples.push(
        ...WRONG_TYPE_EXAMPLES.filter((value) => isWrongType(field, value)).map((value) =>
          withValue(`wrong type ${preview(JSON.stringify(value))}`, value),
        ),
      );
      random.push(
        fc
          .jsonValue({ maxDepth: 2 })
          .filter((value) => isWrongType(field, value))
          .map((value) => withValue(`wrong type ${preview(JSON.stringify(value))}`, value)),
      );

      if (field.required && typeof field.path[field.path.length - 1] === 'string') {
        examples.push(bodyRequest(`body ${name}: missing`, edited(field, { at: field.path, remove: true }), name));
      }

      // Every field, whatever its type, refuses a value nested a thousand levels deep (the parser may refuse it first).
      const deep = kind === 'array' ? deeplyNested(DEEP, '[', ']') : deeplyNested(DEEP);
      examples.push(
        bodyRequest(`body ${name}: nested ${DEEP} levels`, edited(field, { at: field.path, setText: deep })),
      );

      if (jsonTypeFor(kind) === 'string') {
        const invalid = invalidText(kind, field.schema, HUGE_STRING);
        const mustNotBeEmpty = field.required || (field.schema.minLength ?? 0) > 0 || kind !== 'string';
        const texts = [
          ...invalid.examples.filter((text) => text !== ''),
          ...(mustNotBeEmpty ? [''] : []),
          ...(kind === 'string' ? [HUGE_STRING] : []),
        ];
        examples.push(...texts.map((text) => withValue(preview(text), text)));
        if (invalid.random) random.push(invalid.random.map((text) => withValue(preview(text), text)));
        // NUL cannot be stored in PostgreSQL text: refused, by validation or by the database, never a 500.
        examples.push(
          bodyRequest(
            `body ${name}: text with a NUL character`,
            edited(field, { at: field.path, set: WITH_NUL }),
            undefined,
            ANY_CLIENT_ERROR,
          ),
        );
      }
      if (kind === 'number' || kind === 'integer') {
        examples.push(...numberExamples(field.schema).map((value) => withValue(String(value), value)));
        random.push(outsideRange(field.schema).map((value) => withValue(String(value), value)));
      }
      if (kind === 'array' && (field.schema.minItems ?? 0) > 0) {
        examples.push(withValue(`fewer than ${field.schema.minItems} items`, []));
      }
      if (kind === 'object' && field.schema.properties) {
        const declared = Object.keys(field.schema.properties);
        const unknownKey = (key: string, value: unknown) =>
          bodyRequest(
            `body ${name}: unknown key ${preview(key)}`,
            edited(field, { at: field.path, addKey: key, value }),
            `${name}.${key}`,
          );
        examples.push(...ODD_KEYS.filter((key) => !declared.includes(key)).map((key) => unknownKey(key, 1)));
      }
    }

    const declared = Object.keys(resolve(document, operation.body).properties ?? {});
    const topLevelUnknown = (key: string, value: unknown) =>
      bodyRequest(`body: unknown key ${preview(key)}`, editedBody(base, { at: [], addKey: key, value }), key);
    examples.push(...ODD_KEYS.filter((key) => !declared.includes(key)).map((key) => topLevelUnknown(key, true)));
    random.push(
      fc
        .tuple(
          fc.string({ maxLength: 30 }).filter((key) => !declared.includes(key) && key !== '__proto__'),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([key, value]) => topLevelUnknown(key, value)),
    );

    const baseText = JSON.stringify(base ?? {});
    const withKeyText = (entry: string) => (baseText === '{}' ? `{${entry}}` : `{${entry},${baseText.slice(1)}`);
    examples.push(
      // Refused by the JSON parser itself: never merged into objects.
      bodyRequest('body: __proto__ key', withKeyText('"__proto__":{"isAdmin":true}')),
      bodyRequest('body: constructor.prototype key', withKeyText('"constructor":{"prototype":{"isAdmin":true}}')),
      bodyRequest('body: null', 'null'),
      bodyRequest('body: an array', '[]'),
      bodyRequest('body: the body in an array', `[${baseText}]`),
      bodyRequest('body: a string', '"text"'),
      bodyRequest('body: a number', '42'),
      bodyRequest('body: true', 'true'),
      bodyRequest('body: cut off', baseText.slice(0, -1)),
      bodyRequest('body: trailing garbage', `${baseText} x`),
      bodyRequest('body: empty', ''),
      bodyRequest(`body: nested ${DEEP} levels`, deeplyNested(DEEP)),
      bodyRequest(`body: arrays nested ${DEEPER} levels`, deeplyNested(DEEPER, '[', ']')),
      bodyRequest(`body: objects nested ${DEEPER} levels`, deeplyNested(DEEPER)),
      // Fastify reads text/plain as a string, which is not the object any route takes.
      request('body as text/plain', [400, 415], { body: { contentType: 'text/plain', text: baseText } }),
      request('body as a form', [415], {
        body: { contentType: 'application/x-www-form-urlencoded', text: 'name=x' },
      }),
    );
    const first = fields.find((field) => field.path.length === 1);
    if (first) {
      examples.push(
        bodyRequest(
          `body ${fieldName(first.path)}: __proto__ key inside`,
          edited(first, { at: first.path, setText: '{"__proto__":{"isAdmin":true}}' }),
        ),
      );
    }
  }

  return { examples, random: random.length ? fc.oneof(...random) : fc.constantFrom(...examples) };
}

const preview = (text: string) => {
  const shown = text.length > 40 ? `${text.slice(0, 20)}…(${text.length} chars)` : text;
  return JSON.stringify(shown);
};
