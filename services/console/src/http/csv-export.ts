import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | null | undefined;

/**
 * Every item of an API list, page after page, as the pages come: only one page is held at a time, and the next is
 * asked for only when the reader has taken the last item of this one (so a slow download slows the API calls).
 */
export async function* apiPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; next_cursor: string | null }>
): AsyncIterable<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/**
 * `Content-Disposition: attachment` (RFC 6266): an ASCII `filename` for old clients, and `filename*` (RFC 8187) with
 * the name as written, so "участники.csv" is saved as such where the browser can.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // encodeURIComponent leaves ' ( ) * as they are; RFC 8187's attr-char does not allow them.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends rows as a CSV download: RFC 4180 (CRLF, quotes doubled, a field with , " CR or LF quoted), UTF-8 with a
 * byte-order mark so spreadsheets read Cyrillic as written, and a text cell a spreadsheet would run as a formula
 * (= + - @ tab CR first) neutralised with a leading apostrophe (OWASP "CSV injection"). Numbers are written as
 * numbers: a negative number is not a formula.
 *
 * Streamed with back-pressure: `rows` is asked for its next row only when the socket has taken the last ones. The
 * first row is read before anything is sent, so a refused first API page still becomes the console's error page;
 * an error later breaks the download off (its 200 is long sent) rather than ending a short file quietly.
 */
export async function streamCsv(
  reply: FastifyReply,
  filename: string,
  header: readonly string[],
  rows: AsyncIterable<readonly CsvCell[]>
): Promise<FastifyReply> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* all(): AsyncGenerator<readonly CsvCell[]> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const csv = stringify({
    header: true,
    // Rows are arrays, written by position; the columns give the header line.
    columns: [...header],
    record_delimiter: 'windows',
    // Any line break inside a cell is quoted, not only the CRLF that ends a record.
    quoted_match: /[\r\n]/,
    escape_formulas: true,
    bom: true
  });
  // Either end failing ends both: an API page refused halfway destroys the response, and a client that goes away
  // stops the paging (the generator's `finally`s run). Fastify logs the error.
  const body = pipeline(Readable.from(all()), csv, () => undefined);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', attachmentDisposition(filename))
    .header('cache-control', 'private, no-store')
    .send(body);
}
