// The part of JSON Schema that the services' OpenAPI documents use, read by the bad-input walk: a small
// validator (to know whether a generated value is valid — only invalid ones are sent), the limits SPEC §1
// adds on top of the schemas, and a generator of valid values for a baseline request.
//
// When unsure the validator says "valid": a value it wrongly calls invalid would be sent and reported as a
// product failure, while a value it wrongly calls valid is only not sent.

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  maxProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  description?: string;
}

/** A piece of request JSON sent as written (1e400, 5,000 levels of nesting), with what a JSON parser makes of it. */
export interface Raw {
  raw: string;
  parsed: unknown;
}

// Raw pieces are told apart from request objects that happen to have the same keys by identity.
const rawValues = new WeakSet<object>();

export function raw(text: string): Raw {
  const r = { raw: text, parsed: JSON.parse(text) as unknown };
  rawValues.add(r);
  return r;
}

export function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && rawValues.has(value);
}

/** The request text of a value that may hold Raw pieces. */
export function toJson(value: unknown): string {
  if (isRaw(value)) return value.raw;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** What the server's JSON parser makes of a value that may hold Raw pieces. */
export function parsed(value: unknown): unknown {
  if (isRaw(value)) return value.parsed;
  if (Array.isArray(value)) return value.map(parsed);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, parsed(v)]));
  return value;
}

/** Replaces `#/components/schemas/…` references with what they point at. */
export function deref(schema: Schema | undefined, doc: { components?: { schemas?: Record<string, Schema> } }): Schema {
  const walk = (s: Schema, seen: Set<string>): Schema => {
    if (s.$ref) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target || seen.has(name)) return {};
      return walk(target, new Set([...seen, name]));
    }
    const out: Schema = { ...s };
    if (s.anyOf) out.anyOf = s.anyOf.map((x) => walk(x, seen));
    if (s.oneOf) out.oneOf = s.oneOf.map((x) => walk(x, seen));
    if (s.allOf) out.allOf = s.allOf.map((x) => walk(x, seen));
    if (s.items) out.items = walk(s.items, seen);
    if (s.properties)
      out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, walk(v, seen)]));
    if (typeof s.additionalProperties === 'object') out.additionalProperties = walk(s.additionalProperties, seen);
    return out;
  };
  return walk(schema ?? {}, new Set());
}

/** The alternatives of a schema, flattened through anyOf/oneOf. */
export function branches(schema: Schema): Schema[] {
  const alts = schema.anyOf ?? schema.oneOf;
  return alts ? alts.flatMap(branches) : [schema];
}

/** The schema of a field inside an object schema, by its path of property names. */
export function schemaAt(schema: Schema, at: readonly string[]): Schema {
  let s = schema;
  for (const k of at) s = branches(s).find((b) => b.properties?.[k])?.properties?.[k] ?? {};
  return s;
}

export function typesOf(schema: Schema): Set<string> {
  const out = new Set<string>();
  for (const b of branches(schema)) {
    if (b.type) for (const t of Array.isArray(b.type) ? b.type : [b.type]) out.add(t);
    else if (b.enum || b.const !== undefined)
      for (const v of b.enum ?? [b.const]) out.add(v === null ? 'null' : typeof v);
    else if (b.properties) out.add('object');
  }
  return out;
}

/** The first alternative of a type, for its limits (maxLength, maximum, …). */
export function branchOf(schema: Schema, type: string): Schema | undefined {
  return branches(schema).find((b) => (Array.isArray(b.type) ? b.type.includes(type) : b.type === type));
}

const emailPattern =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function realDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

function formatOk(format: string, value: string): boolean {
  switch (format) {
    case 'email':
      return emailPattern.test(value);
    case 'uri':
      return URL.canParse(value);
    case 'date': {
      const m = datePattern.exec(value);
      return !!m && realDate(+m[1]!, +m[2]!, +m[3]!);
    }
    case 'date-time': {
      const m = dateTimePattern.exec(value);
      return !!m && realDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! <= 23 && +m[5]! <= 59 && +m[6]! <= 60;
    }
    default:
      return true; // a format this walk does not know: taken as valid (see the header)
  }
}

const codePoints = (s: string) => [...s].length;

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

/** Whether a value (as parsed from JSON) satisfies a schema, for the keywords the documents use. */
export function accepts(schema: Schema, v: unknown): boolean {
  if (schema.allOf && !schema.allOf.every((s) => accepts(s, v))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => accepts(s, v))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => accepts(s, v)).length !== 1) return false;
  if (schema.enum && !schema.enum.some((e) => e === v)) return false;
  if (schema.const !== undefined && schema.const !== v) return false;
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeOk(t, v))) return false;
  }
  if (typeof v === 'string') {
    if (schema.minLength !== undefined && codePoints(v) < schema.minLength) return false;
    if (schema.maxLength !== undefined && codePoints(v) > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(v)) return false;
    if (schema.format !== undefined && !formatOk(schema.format, v)) return false;
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) return false;
    if (schema.maximum !== undefined && v > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) return false;
    if (schema.multipleOf !== undefined && !Number.isInteger(v / schema.multipleOf)) return false;
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && v.length > schema.maxItems) return false;
    const items = schema.items;
    if (items && !v.every((x) => accepts(items, x))) return false;
  }
  if (typeOk('object', v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) return false;
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) return false;
    if (schema.required && !schema.required.every((k) => Object.hasOwn(o, k))) return false;
    for (const k of keys) {
      const own = schema.properties?.[k];
      if (own) {
        if (!accepts(own, o[k])) return false;
      } else if (schema.additionalProperties === false) return false;
      else if (typeof schema.additionalProperties === 'object' && !accepts(schema.additionalProperties, o[k]))
        return false;
    }
  }
  return true;
}

/**
 * What a query or path value becomes under the services' validator (Ajv, coerceTypes 'array'): the text
 * itself, or the number, boolean or null it reads as; every reading the schema may take.
 */
export function readings(schema: Schema, text: string | string[]): unknown[] {
  if (Array.isArray(text)) {
    if (typesOf(schema).has('array')) return [text];
    return text.length === 1 ? readings(schema, text[0]!) : [text];
  }
  const out: unknown[] = [text];
  const types = typesOf(schema);
  // Ajv coerces a string to a number when `data == +data` (a non-empty numeric text).
  if ((types.has('integer') || types.has('number')) && text !== '' && (text as unknown) == +text) out.push(+text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) out.push(text === 'true');
  if (types.has('null') && text === '') out.push(null);
  return out;
}

export const INT32_MAX = 2 ** 31 - 1;

/** A field that holds an id: `id` or `…_id` (SPEC §1: ids are 1..2^31−1, whatever the schema's maximum). */
export const isIdName = (name: string) => name === 'id' || name.endsWith('_id');

/** A field that holds money (SPEC §1: a decimal with at most 2 fractional digits). */
export const isMoney = (name: string) => name === 'price' || name === 'amount' || name.endsWith('_amount');

/** A string field that carries a date or timestamp: a date format, or a pattern that starts like one. */
export function isTimestamp(schema: Schema): boolean {
  return branches(schema).some(
    (b) =>
      b.format === 'date' ||
      b.format === 'date-time' ||
      (typeof b.pattern === 'string' && b.pattern.includes('\\d{4}-\\d{2}-\\d{2}'))
  );
}

/** A free-form object: an object that names no properties of its own (`settings`). */
export function isFreeForm(schema: Schema): boolean {
  return branches(schema).some(
    (b) =>
      b.type === 'object' &&
      (!b.properties || Object.keys(b.properties).length === 0) &&
      b.additionalProperties !== false
  );
}

const timestampParts =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Why a timestamp is not one SPEC §1 accepts (a real date and time, in years 1..9999 also in UTC), or null. */
export function timestampProblem(text: string): string | null {
  const m = timestampParts.exec(text);
  if (!m) return 'not a timestamp';
  const [y, mo, d, h = '0', mi = '0', s = '0'] = [m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]];
  const year = Number(y);
  if (year < 1 || year > 9999) return `year ${year}`;
  if (!realDate(year, +mo, +d)) return 'not a calendar date';
  if (+h > 23 || +mi > 59 || +s > 59) return 'not a time of day';
  const zone = m[7];
  let offsetMinutes = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return 'bad UTC offset';
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, +mo - 1, +d);
  utc.setUTCHours(+h, +mi - offsetMinutes, +s, 0);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return `year ${utcYear} in UTC`;
  return null;
}

// Iterative: the walk sends JSON 5,000 levels deep, more than a recursive walk's stack may hold.
function depthOf(v: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    deepest = Math.max(deepest, d + 1);
    for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push([y, d + 1]);
  }
  return deepest;
}

/** Every value inside a value, object keys included. */
function walkValues(v: unknown, visit: (x: unknown) => void): void {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    visit(x);
    if (Array.isArray(x)) stack.push(...x);
    else if (typeof x === 'object' && x !== null)
      for (const [k, y] of Object.entries(x)) {
        visit(k);
        stack.push(y);
      }
  }
}

export const MAX_DEPTH = 16;
export const MAX_FREE_FORM_BYTES = 16 * 1024;

/**
 * Why SPEC §1 refuses a value that the schema may let through (NUL, an id outside 1..2^31−1, a timestamp
 * outside years 1..9999, a number that is not finite, JSON deeper than 16 levels, a free-form object over
 * 16 KB, money with more than 2 decimals), or null. `name` is the field's name; `schema` its schema, when it has one.
 */
export function specProblem(name: string, schema: Schema | undefined, v: unknown, depthSoFar = 0): string | null {
  let problem: string | null = null;
  walkValues(v, (x) => {
    if (problem) return;
    if (typeof x === 'string' && x.includes('\u0000')) problem = 'NUL character';
    if (typeof x === 'number' && !Number.isFinite(x)) problem = 'non-finite number';
  });
  if (problem) return problem;
  if (depthSoFar + depthOf(v) > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
  if (!schema) return null;
  const types = typesOf(schema);
  if (typeof v === 'number' && types.has('integer') && Number.isInteger(v)) {
    const declared = branchOf(schema, 'integer')?.maximum;
    const max = isIdName(name) || declared === undefined ? INT32_MAX : Math.min(declared, 2 ** 53 - 1);
    const min = isIdName(name) ? 1 : -INT32_MAX - 1;
    if (v > max || v < min) return isIdName(name) ? 'id outside 1..2^31-1' : 'integer outside int32';
  }
  if (isMoney(name) && (typeof v === 'number' || typeof v === 'string') && /\.\d{3,}/.test(String(v)))
    return 'money with more than 2 decimals';
  if (typeof v === 'string' && isTimestamp(schema)) {
    const p = timestampProblem(v);
    if (p) return `timestamp: ${p}`;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    if (isFreeForm(schema) && Buffer.byteLength(JSON.stringify(v)) > MAX_FREE_FORM_BYTES)
      return 'free-form object over 16 KB';
    const props = branches(schema).find((b) => b.properties)?.properties;
    if (props)
      for (const [k, x] of Object.entries(v)) {
        const p = specProblem(k, props[k], x, depthSoFar + 1);
        if (p) return p;
      }
  }
  return null;
}

/** Valid values for a baseline request, deterministic; ids and unique fields come from the caller. With
 * `every`, an object gets all its properties, not only the required ones. */
export interface ValueContext {
  /** An existing object's id for a field named `…_id` (category_id, user_id, …). */
  knownId(name: string): number | undefined;
  /** A counter, for values that must be unique (emails, usernames). */
  next(): number;
  /** A counter of days, so that each timestamp is later than the one before (start before end, and
   * windows that do not overlap: a second block or allocation of a resource does not conflict). */
  nextDay(): number;
  /** Where a URL field points (a webhook's target): a receiver of the walk's, answering every delivery. */
  receiver: string;
}

const stringCandidates = (name: string, n: number) => [
  `bi_${name}_${n}`.slice(0, 40),
  `bi-${n}`,
  'abc',
  'ABC',
  'EUR',
  'a',
  '+1 555 0100',
  `bi-${name}-${n}-long-enough-password`,
  '1'
];

/** A valid value of a schema, named so that it can be unique or point at an existing object. */
export function validValue(name: string, schema: Schema, ctx: ValueContext, every = false): unknown {
  if (schema.default !== undefined && accepts(schema, schema.default)) return schema.default;
  const b = branches(schema).find((x) => x.type !== 'null') ?? schema;
  if (b.const !== undefined) return b.const;
  if (b.enum) return b.enum[0];
  const type = Array.isArray(b.type) ? b.type.find((t) => t !== 'null') : b.type;
  switch (type) {
    case 'string': {
      if (isTimestamp(b)) {
        const iso = new Date(Date.UTC(2030, 0, 1 + ctx.nextDay(), 10)).toISOString();
        return b.format === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
      }
      const n = ctx.next();
      if (b.format === 'email') return `bi.${name}.${n}@example.com`;
      if (b.format === 'uri') return `${ctx.receiver}/bi-${name}-${n}`;
      const candidates = stringCandidates(name, n);
      const found = candidates.find((c) => accepts(b, c));
      if (found) return found;
      return 'a'.repeat(Math.max(1, b.minLength ?? 1));
    }
    case 'integer':
    case 'number': {
      const known = isIdName(name) ? ctx.knownId(name) : undefined;
      if (known !== undefined && accepts(b, known)) return known;
      const low = b.minimum ?? (b.exclusiveMinimum !== undefined ? b.exclusiveMinimum + 1 : 1);
      const v = Math.max(low, type === 'number' ? 10 : 1);
      return b.maximum !== undefined ? Math.min(v, b.maximum) : v;
    }
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: b.minItems ?? 0 }, () => validValue(name, b.items ?? {}, ctx));
    case 'object':
    case undefined: {
      if (!b.properties) return {};
      const out: Record<string, unknown> = {};
      const required = b.required ?? [];
      const names = Object.keys(b.properties);
      for (const k of required) out[k] = validValue(k, b.properties[k]!, ctx);
      // Enough optional fields for minProperties (a partial update must change something).
      for (const k of names) {
        if (!every && Object.keys(out).length >= (b.minProperties ?? 0)) break;
        if (!(k in out)) out[k] = validValue(k, b.properties[k]!, ctx);
      }
      return out;
    }
    default:
      return null;
  }
}
