import secureJson from 'secure-json-parse';
import { AppError } from '../errors/app-error.ts';

/** SPEC §1: input PostgreSQL or the program cannot hold is refused at the edge, never passed down. */
export const MAX_JSON_DEPTH = 16;

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

/** Every string (and key) free of NUL, every number finite: what PostgreSQL's text and numeric can hold. */
function check(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw refuse(path || '/', 'must not contain the NUL character');
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refuse(path || '/', 'must be a finite number');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, pointer(path, i)));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) throw refuse(path || '/', 'must not have a field name with the NUL character');
      check(v, pointer(path, k));
    }
  }
}

/** The body parser of every service: JSON at most 16 levels deep, no prototype pollution, no NUL, finite numbers. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new AppError('BAD_REQUEST', 'The body is empty; send a JSON document.');
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw refuse('/', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  check(value, '');
  return value;
}

/** A free-form object (a user's settings) may hold at most this much JSON. */
export function assertJsonSize(value: unknown, path: string, maxBytes = 16 * 1024): void {
  if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) throw refuse(path, `is larger than ${maxBytes / 1024} KB`);
}
