// A CSV file as a spreadsheet would receive it from a click on the console's download link: its bytes as saved, read
// strictly as RFC 4180, so that a stray quote or a bare line break fails here rather than in someone's spreadsheet.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Download, Locator } from 'playwright-core';

export interface CsvFile {
  /** The name the browser would save it under (Content-Disposition, RFC 6266). */
  filename: string;
  /** The address it came from. */
  url: string;
  /** Whether the file starts with a UTF-8 byte-order mark (spreadsheets need it to read Cyrillic as written). */
  bom: boolean;
  /** The text after the byte-order mark, exactly as sent. */
  text: string;
  /** The records, the header first. */
  rows: string[][];
}

/** Clicks a download link and reads what the browser saved; the bytes must be valid UTF-8. */
export async function downloadCsv(link: Locator): Promise<CsvFile> {
  const [download] = await Promise.all([link.page().waitForEvent('download'), link.click()]);
  return readCsv(download);
}

async function readCsv(download: Download): Promise<CsvFile> {
  const failure = await download.failure();
  assert.equal(failure, null, `the download of ${download.url()} failed`);
  const bytes = await readFile(await download.path());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // fatal: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD.
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom ? 3 : 0));
  return { filename: download.suggestedFilename(), url: download.url(), bom, text, rows: parseCsv(text) };
}

/**
 * RFC 4180, strictly: records end in CRLF (the last may end the file instead), a field with a comma, a quote or a
 * line break is quoted and its quotes doubled, a quote anywhere else is an error, and every record has as many
 * fields as the header.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const fail = (why: string) => {
    throw new Error(
      `not RFC 4180 at character ${i} (${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}): ${why}`
    );
  };
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && !',\r\n'.includes(text[i]!)) {
        if (text[i] === '"') fail('a quote in a field that is not quoted');
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i < text.length) {
      if (text[i] !== '\r' || text[i + 1] !== '\n') fail('a line break other than CRLF, or text after a closing quote');
      i += 2;
    }
    rows.push(row);
    row = [];
  }
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, n) => assert.equal(r.length, width, `record ${n + 1} has ${r.length} fields, the header ${width}`));
  return rows;
}

/** The records as objects keyed by the header's names. */
export function records(file: CsvFile): Record<string, string>[] {
  const [header = [], ...rest] = file.rows;
  return rest.map((r) => Object.fromEntries(header.map((name, k) => [name, r[k]!])));
}
