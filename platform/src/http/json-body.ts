import { isUtf8 } from 'node:buffer';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors/app-error.ts';
import type { HttpServer } from './create-server.ts';

/** SPEC §1: input PostgreSQL or the program cannot hold is refused at the edge, never passed down. */
export const MAX_JSON_DEPTH = 16;

/**
 * What a service adds to the reading of a JSON body, on the one parse the platform does. `number` meets every number
 * of the document once it has passed the platform's checks, with the text the client wrote for it (`10.000`, `1e3`,
 * not the float) and its JSON Pointer; what it returns stands in the number's place. It refuses a body by throwing
 * an AppError.
 */
export interface JsonBodyOptions {
  number?: (source: string, path: string, value: number) => unknown;
}

const refuse = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path} ${message}.`, { errors: [{ path, message }] });

/** The deepest nesting of a JSON text, counted without parsing (and without recursion). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) deepest = Math.max(deepest, ++depth);
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

const pointer = (path: string, key: string | number) =>
  `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The source text of each number, by the object or array that holds it and its key there. */
type NumberSources = Map<object, Map<string, string>>;

/**
 * Every string (and key) free of NUL, every number finite: what PostgreSQL's text and numeric can hold. With
 * `options.number`, each number is replaced by what it returns for the number's source text.
 */
function check(
  value: unknown,
  path: string,
  source: string | undefined,
  numbers: { sources: NumberSources; options: JsonBodyOptions } | null
): unknown {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw refuse(path || '/', 'must not contain the NUL character');
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse(path || '/', 'must be a finite number');
    if (numbers?.options.number && source !== undefined) return numbers.options.number(source, path || '/', value);
  } else if (Array.isArray(value)) {
    const texts = numbers?.sources.get(value);
    for (let i = 0; i < value.length; i++) {
      const checked = check(value[i], pointer(path, i), texts?.get(String(i)), numbers);
      if (checked !== value[i]) value[i] = checked;
    }
  } else if (value !== null && typeof value === 'object') {
    const texts = numbers?.sources.get(value);
    const fields = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) {
      if (k.includes('\u0000')) throw refuse(path || '/', 'must not have a field name with the NUL character');
      const checked = check(v, pointer(path, k), texts?.get(k), numbers);
      // Written back only when replaced: the keys are known safe (no __proto__), but an untouched body stays as parsed.
      if (checked !== v) fields[k] = checked;
    }
  }
  return value;
}

// What JSON.parse hands a reviver since ES2025 (JSON.parse source text access): the text of a primitive value.
type Reviver = (this: object, key: string, value: unknown, context?: { source?: string }) => unknown;

/** A reviver that leaves every value as it is and notes the source text of each number by its holder and key. */
function noteNumberSources(sources: NumberSources): Reviver {
  return function (key, value, context) {
    if (typeof value === 'number' && context?.source !== undefined) {
      let texts = sources.get(this);
      if (!texts) sources.set(this, (texts = new Map()));
      texts.set(key, context.source);
    }
    return value;
  };
}

/** The body as text: UTF-8 (RFC 8259) without a byte-order mark, else a 400 saying which (SPEC §1). */
function decode(body: string | Buffer): string {
  if (typeof body === 'string') {
    if (body.charCodeAt(0) === 0xfeff) throw startsWithBom();
    return body;
  }
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) throw startsWithBom();
  if (!isUtf8(body)) throw new AppError('BAD_REQUEST', 'The body is not UTF-8; send JSON encoded as UTF-8.');
  return body.toString('utf8');
}

const startsWithBom = () =>
  new AppError('BAD_REQUEST', 'The body starts with a byte-order mark (EF BB BF); send the JSON without it.');

/**
 * The body parser of every service: UTF-8 without a byte-order mark, JSON at most 16 levels deep, no prototype
 * pollution, no NUL, finite numbers — and, where a service asks (`options`), its own reading of the numbers' texts
 * on the same parse. Whatever the input, what it throws is an AppError (a 4xx).
 */
export function parseJsonBody(body: string | Buffer, options: JsonBodyOptions = {}): unknown {
  const text = decode(body);
  if (text.trim() === '') throw new AppError('BAD_REQUEST', 'The body is empty; send a JSON document.');
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw refuse('/', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
  const sources: NumberSources | null = options.number ? new Map() : null;
  let value: unknown;
  try {
    const reviver = sources ? (noteNumberSources(sources) as secureJson.Reviver) : undefined;
    value = secureJson.parse(text, reviver, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  // A document that is one number is its own source text (JSON's whitespace around it aside).
  return check(value, '', typeof value === 'number' ? text.trim() : undefined, sources ? { sources, options } : null);
}

/**
 * Makes `parse` (the platform's parser, or a service's reading on top of it) the parser of JSON bodies in `scope`:
 * the server's own, or an encapsulated scope of routes that need more (Fastify keeps parsers per scope).
 */
export function useJsonBodyParser(scope: HttpServer, parse: (body: Buffer) => unknown = parseJsonBody): void {
  if (scope.hasContentTypeParser('application/json')) scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parse(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** A free-form object (a user's settings) may hold at most this much JSON. */
export function assertJsonSize(value: unknown, path: string, maxBytes = 16 * 1024): void {
  if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) throw refuse(path, `is larger than ${maxBytes / 1024} KB`);
}
