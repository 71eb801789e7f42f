import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { RegistrationExportRow } from '../data/registration-export-repository.ts';

const BATCH = 500;

const header = [
  'registration_id',
  'user_id',
  'username',
  'first_name',
  'last_name',
  'status',
  'registered_at',
  'ticket_version',
  'checked_in',
  'first_checked_in_at',
  'check_in_lists'
];

const record = (r: RegistrationExportRow) => [
  r.id,
  r.user_id,
  r.username ?? '',
  r.first_name ?? '',
  r.last_name ?? '',
  r.status,
  r.created_at.toISOString(),
  r.ticket_version,
  r.first_checked_in_at ? 'yes' : 'no',
  r.first_checked_in_at?.toISOString() ?? '',
  (r.check_in_lists ?? []).join('; ')
];

/**
 * An event's registrations with their check-in state as CSV (SPEC §3.9): RFC 4180 (CRLF, quotes doubled), UTF-8 with
 * a byte-order mark so that spreadsheets read Cyrillic as written, and every cell a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@` first) neutralised with a leading `'`. Streamed: `batch` is asked for the next rows
 * only as the client reads, a few hundred at a time.
 */
export function registrationsCsv(
  batch: (afterId: number, limit: number) => Promise<RegistrationExportRow[]>
): Readable {
  async function* records() {
    let afterId = 0;
    for (;;) {
      const rows = await batch(afterId, BATCH);
      for (const row of rows) yield record(row);
      if (rows.length < BATCH) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }
  const csv = stringify({
    header: true,
    columns: header,
    record_delimiter: 'windows',
    // A line break of any kind inside a cell is quoted, not only the CRLF that ends a record.
    quoted_match: /[\r\n]/,
    escape_formulas: true,
    bom: true
  });
  // Either end failing ends both: a failing batch breaks the download off (its status is long sent) rather than
  // ending a short file quietly, and a client that goes away stops the reading. The server logs the error.
  return pipeline(Readable.from(records()), csv, () => undefined);
}
