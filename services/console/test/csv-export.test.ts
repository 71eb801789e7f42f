// The console's CSV downloads (src/http/csv-export.ts) over a real port: what a spreadsheet reads (RFC 4180, the BOM,
// formulas neutralised), the file name, and that a long export is streamed page by page with back-pressure rather than
// gathered in memory.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiPages, attachmentDisposition, streamCsv, type CsvCell } from '../src/http/csv-export.ts';

const BOM = '\uFEFF';
const TOTAL = 100_000;
const PAGE = 500;
// A row of a realistic width (an attendee's names and e-mail), so the whole file (~20 MB) is far more than the
// sockets and stream buffers between the pager and the reader can hold.
const filler = 'x'.repeat(180);

/** A fake API list: TOTAL items in pages of PAGE, counting the items it has handed out. */
function fakePager(fail?: { atPage: number }) {
  const state = { served: 0, pages: 0 };
  const fetchPage = async (cursor: string | undefined) => {
    state.pages++;
    if (fail && state.pages === fail.atPage) throw new Error('the API refused the page');
    const from = cursor ? Number(cursor) : 0;
    const to = Math.min(from + PAGE, TOTAL);
    const data = Array.from({ length: to - from }, (_, i) => from + i);
    state.served += data.length;
    return { data, next_cursor: to < TOTAL ? String(to) : null };
  };
  return { state, fetchPage };
}

async function* rowsOf(items: AsyncIterable<number>): AsyncIterable<readonly CsvCell[]> {
  for await (const n of items) yield [n, `name ${n}`, filler];
}

describe('CSV export', () => {
  let app: FastifyInstance;
  let base: string;
  let pager = fakePager();

  before(async () => {
    app = Fastify();
    app.get('/cells', (_request, reply) =>
      streamCsv(
        reply,
        'участники "весна" (1).csv',
        ['id', 'text'],
        (async function* () {
          yield [1, 'plain'];
          yield [2, 'a,b'];
          yield [3, 'she said "hi"'];
          yield [4, 'line one\r\nline two'];
          yield [5, 'only\nLF'];
          yield [6, '=HYPERLINK("http://evil")'];
          yield [7, '+1'];
          yield [8, '-2+3'];
          yield [9, '@SUM(A1)'];
          yield [10, '\tTab'];
          yield [-11, null];
          yield [12, undefined];
          yield [13, 'Ёлка'];
        })()
      )
    );
    app.get('/empty', (_request, reply) => streamCsv(reply, 'empty.csv', ['id'], (async function* () {})()));
    app.get('/long', (_request, reply) =>
      streamCsv(reply, 'long.csv', ['id', 'name', 'notes'], rowsOf(apiPages(pager.fetchPage)))
    );
    app.get('/fails-first', (_request, reply) =>
      streamCsv(reply, 'x.csv', ['id'], rowsOf(apiPages(fakePager({ atPage: 1 }).fetchPage)))
    );
    app.get('/fails-later', (_request, reply) =>
      streamCsv(reply, 'x.csv', ['id'], rowsOf(apiPages(fakePager({ atPage: 20 }).fetchPage)))
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app.close());

  test('RFC 4180 with a BOM: CRLF records, quotes doubled, fields with , " CR LF quoted, formulas neutralised', async () => {
    const res = await fetch(`${base}/cells`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    // Read the bytes, not text(): a decoder would swallow the BOM.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    assert.ok(text.startsWith(BOM), 'starts with the UTF-8 byte-order mark');
    assert.equal(
      text.slice(1),
      [
        'id,text',
        '1,plain',
        '2,"a,b"',
        '3,"she said ""hi"""',
        '4,"line one\r\nline two"',
        '5,"only\nLF"',
        `6,"'=HYPERLINK(""http://evil"")"`,
        "7,'+1",
        "8,'-2+3",
        "9,'@SUM(A1)",
        "10,'\tTab",
        // A negative number is a number, not a formula; null and undefined are empty cells.
        '-11,',
        '12,',
        '13,Ёлка',
        ''
      ].join('\r\n')
    );
  });

  test('an attachment with an ASCII file name and the UTF-8 one (RFC 6266)', async () => {
    const res = await fetch(`${base}/cells`);
    await res.arrayBuffer();
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="_________ _______ (1).csv"; ` +
        `filename*=UTF-8''%D1%83%D1%87%D0%B0%D1%81%D1%82%D0%BD%D0%B8%D0%BA%D0%B8%20%22%D0%B2%D0%B5%D1%81%D0%BD%D0%B0%22%20%281%29.csv`
    );
    assert.equal(
      attachmentDisposition('a\\b"c.csv'),
      `attachment; filename="a_b_c.csv"; filename*=UTF-8''a%5Cb%22c.csv`
    );
    assert.equal(
      decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers.get('content-disposition')!)![1]!),
      'участники "весна" (1).csv'
    );
  });

  test('no rows: the header line alone', async () => {
    const res = await fetch(`${base}/empty`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    assert.equal(text, `${BOM}id\r\n`);
  });

  test('100,000 rows stream page by page: a reader that stops reading stops the paging', async () => {
    pager = fakePager();
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${base}/long`, resolve).on('error', reject).end()
    );
    assert.equal(res.statusCode, 200);
    res.pause();
    // While nobody reads, the pager is asked for pages only until the buffers between it and the socket are full.
    // Wait until it has stopped asking (the count no longer moves), then look at how far it got.
    let seen = -1;
    while (seen !== pager.state.served) {
      seen = pager.state.served;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const heldWhilePaused = pager.state.served;
    assert.ok(heldWhilePaused > 0, 'the first page was fetched');
    assert.ok(
      heldWhilePaused < TOTAL / 2,
      `with the reader paused the pager stopped at ${heldWhilePaused} of ${TOTAL} rows (back-pressure)`
    );

    // Now read it all: every row arrives, in order, once.
    let lines = 0;
    let tail = '';
    let lastId = -1;
    let ordered = true;
    res.setEncoding('utf8');
    for await (const chunk of res as AsyncIterable<string>) {
      const parts = (tail + chunk).split('\r\n');
      tail = parts.pop()!;
      for (const line of parts) {
        lines++;
        if (lines === 1) continue;
        const id = Number(line.slice(0, line.indexOf(',')));
        if (id !== lastId + 1) ordered = false;
        lastId = id;
      }
    }
    assert.equal(tail, '');
    assert.equal(lines, TOTAL + 1, 'the header and every row');
    assert.ok(ordered, 'rows in order, none twice');
    assert.equal(lastId, TOTAL - 1);
    assert.equal(pager.state.pages, TOTAL / PAGE);
  });

  test('a first page refused is an error answer, not an empty file; a page refused later breaks the download', async () => {
    const first = await fetch(`${base}/fails-first`);
    assert.equal(first.status, 500);
    assert.doesNotMatch(first.headers.get('content-type') ?? '', /text\/csv/);
    await first.arrayBuffer();

    const later = await fetch(`${base}/fails-later`);
    assert.equal(later.status, 200);
    await assert.rejects(later.arrayBuffer(), 'the download is cut off, not ended as if complete');
  });
});
