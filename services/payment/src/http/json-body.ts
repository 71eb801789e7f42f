import { AppError, parseJsonBody, type HttpServer } from '@style-flow/platform';
import { findCardNumber, looksLikeCardNumber } from '../domain/card-numbers.ts';

// What JSON.parse gives a reviver since ES2025 (source text access): the text of a primitive value.
type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const cardRefused = (path: string) =>
  new AppError('CARD_DATA_REFUSED', `${path} looks like a card number; card numbers are never accepted.`, {
    errors: [{ path, message: 'looks like a card number; card numbers are never accepted' }]
  });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The texts of a JSON document's numbers: the top-level `amount`'s, and whether any looks like a card number. */
function numberTexts(text: string): { amount: string | undefined; cardLike: boolean } {
  const amountOf = new Map<unknown, string>();
  let root: unknown;
  let cardLike = false;
  const reviver: Reviver = function (key, value, context) {
    const source = context?.source;
    if (typeof value === 'number' && source !== undefined) {
      if (looksLikeCardNumber(source)) cardLike = true;
      if (key === 'amount') amountOf.set(this, source);
    }
    // The reviver meets the root last, under the key ''.
    if (key === '') root = value;
    return value;
  };
  JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
  return { amount: amountOf.get(root), cardLike };
}

/**
 * The platform's body parser (depth, NUL, finite numbers, no prototype keys), then what only this service needs:
 * a top-level `amount` sent as a JSON number is handed on as its own text ("10.000", not the float 10), so money
 * is read from what the client wrote, never from a binary float; and no value anywhere may look like a card number.
 */
export function parsePaymentBody(text: string): unknown {
  const value = parseJsonBody(text);
  const numbers = numberTexts(text);
  if (isObject(value) && typeof value.amount === 'number' && numbers.amount !== undefined)
    value.amount = numbers.amount;
  const at = findCardNumber(value) ?? (numbers.cardLike ? '/' : null);
  if (at) throw cardRefused(at);
  return value;
}

/** Routes registered in `scope` get this parser instead of the platform's (Fastify keeps parsers per scope). */
export function usePaymentBodyParser(scope: HttpServer): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parsePaymentBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
