import { isProblem } from '@style-flow/client';
import type { PageContext } from './page-context.ts';

/**
 * What to tell the person when the API refused: its own message (a 409 "event full" says so), with the first
 * field error when the input was invalid; the console's general sentence when no problem came back.
 */
export function apiMessage(page: PageContext, error: unknown): string {
  if (!isProblem(error)) return page.t('common.error');
  const first = (error as { errors?: { path: string; message: string }[] }).errors?.[0];
  return first ? `${error.detail} (${first.path.replace(/^\//, '')}: ${first.message})` : error.detail;
}

/** A path inside the console to go back to after signing in; anything else (another site) is not followed. */
export function safeBack(back: unknown): string {
  // A path of this site under /app/ (never `//host`), and nothing that could break out of the Location header.
  const printable = (text: string) => [...text].every((c) => c > ' ' && c <= '~' && c !== '\\');
  return typeof back === 'string' && back.startsWith('/app/') && printable(back) ? back : '/app/';
}

/** The value of a form field as text ('' when absent or not text). */
export const text = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};
