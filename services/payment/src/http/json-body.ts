import { AppError, parseJsonBody, useJsonBodyParser, type HttpServer } from '@style-flow/platform';
import { findCardNumber, looksLikeCardNumber } from '../domain/card-numbers.ts';
import { NO_EXPONENT } from '../domain/money.ts';

const cardRefused = (path: string) =>
  new AppError('CARD_DATA_REFUSED', `${path} looks like a card number; card numbers are never accepted.`, {
    errors: [{ path, message: 'looks like a card number; card numbers are never accepted' }]
  });

/**
 * What this service reads of each number on the platform's parse: the top-level `amount` is handed on as the text
 * the client wrote ("10.000", not the float 10), so money is read from what was sent, never from a binary float
 * (the schema and parseAmount judge that text); and no number may look like a card number. An amount written with
 * an exponent is refused here, saying why, rather than by the schema's "must be number" to a client that sent one.
 */
function readNumber(source: string, path: string, value: number): unknown {
  if (looksLikeCardNumber(source)) throw cardRefused(path);
  if (path !== '/amount') return value;
  if (/[eE]/.test(source)) throw exponentRefused(path);
  return source;
}

const exponentRefused = (path: string) =>
  new AppError('VALIDATION_FAILED', `${path} ${NO_EXPONENT}.`, { errors: [{ path, message: NO_EXPONENT }] });

/**
 * The platform's body parser (UTF-8 without a byte-order mark, depth, NUL, finite numbers, no prototype keys) with
 * this service's reading of the numbers, then no string or field name anywhere may look like a card number.
 */
export function parsePaymentBody(body: string | Buffer): unknown {
  const value = parseJsonBody(body, { number: readNumber });
  const at = findCardNumber(value);
  if (at) throw cardRefused(at);
  return value;
}

/** Routes registered in `scope` read their bodies with parsePaymentBody (Fastify keeps parsers per scope). */
export function usePaymentBodyParser(scope: HttpServer): void {
  useJsonBodyParser(scope, parsePaymentBody);
}
