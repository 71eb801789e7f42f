// Signed list cursors (SPEC §1): a cursor the service never gave out, one altered on the way, or one given out for
// another list or another filter is a 400 on /cursor; the page size may change between pages.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { AppError, createListCursors, listPage, type ListRequest, type ListScope } from '../src/index.ts';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const cursors = createListCursors(SECRET, 'demo');
const events: ListScope = { route: '/events', params: {}, query: { status: 'published', limit: 2 } };

/** A 400 that names /cursor, as every refused cursor must be. */
function assertRefused(read: () => unknown, message: string): void {
  assert.throws(
    read,
    (error: unknown) =>
      error instanceof AppError &&
      error.status === 400 &&
      error.code === 'VALIDATION_FAILED' &&
      error.errors?.[0]?.path === '/cursor',
    message
  );
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('list cursors', () => {
  test('a cursor reads back as the position it was given out for, whatever the page size', () => {
    const cursor = cursors.issue(events, [1_700_000_000_000, 42]);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(cursors.read(events, cursor, ['int', 'id']), [1_700_000_000_000, 42]);
    const otherLimit = { ...events, query: { status: 'published', limit: 200, cursor } };
    assert.deepEqual(cursors.read(otherLimit, cursor, ['int', 'id']), [1_700_000_000_000, 42]);
    assert.equal(cursors.read(events, undefined, ['int', 'id']), null);
  });

  test('the same secret reads it in another instance and after a restart', () => {
    const cursor = cursors.issue(events, [7]);
    assert.deepEqual(createListCursors(SECRET, 'demo').read(events, cursor, ['id']), [7]);
  });

  test('forged: unsigned positions, random text, and cursors of another key or another service are refused', () => {
    const forged = [
      b64('[7]'),
      b64('[1700000000000,42]'),
      'zzz',
      'A'.repeat(43),
      b64(`${'x'.repeat(32)}[7]`),
      createListCursors('another-secret-that-is-long-enough-too', 'demo').issue(events, [7]),
      createListCursors(SECRET, 'other').issue(events, [7])
    ];
    for (const cursor of forged) assertRefused(() => cursors.read(events, cursor, ['id']), cursor);
    // A tag made with the token secret itself (not the key derived from it) is no good either.
    const text = '[7]';
    const raw = createHmac('sha256', SECRET)
      .update(JSON.stringify(['cursor.v1', '/events', [], [['status', 'published']], text]))
      .digest();
    assertRefused(
      () => cursors.read(events, Buffer.concat([raw, Buffer.from(text)]).toString('base64url'), ['id']),
      'raw'
    );
  });

  test('tampered: a changed position, a changed tag or another spelling of the same bytes is refused', () => {
    const cursor = cursors.issue(events, [7]);
    const bytes = Buffer.from(cursor, 'base64url');
    const withPosition = (text: string) =>
      Buffer.concat([bytes.subarray(0, 32), Buffer.from(text)]).toString('base64url');
    assertRefused(() => cursors.read(events, withPosition('[8]'), ['id']), 'another position under the same tag');
    assertRefused(() => cursors.read(events, withPosition('[7] '), ['id']), 'the position with a trailing space');
    const flipped = Buffer.from(bytes);
    flipped[5] = flipped[5]! ^ 1;
    assertRefused(() => cursors.read(events, flipped.toString('base64url'), ['id']), 'a bit of the tag flipped');
    assertRefused(() => cursors.read(events, bytes.subarray(1).toString('base64url'), ['id']), 'the tag cut short');
    // The last character of base64url carries spare bits: another letter there decodes to the same bytes.
    const last = cursor.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = [...alphabet]
      .map((c) => cursor.slice(0, -1) + c)
      .find((c) => c !== cursor && Buffer.from(c, 'base64url').equals(bytes));
    if (twin !== undefined) assertRefused(() => cursors.read(events, twin, ['id']), `${last} spelt otherwise`);
    assert.deepEqual(cursors.read(events, cursor, ['id']), [7], 'the cursor as given out still reads');
  });

  test('a signed cursor of another shape is refused', () => {
    assertRefused(() => cursors.read(events, cursors.issue(events, [1, 2]), ['id']), 'two parts for one');
    assertRefused(() => cursors.read(events, cursors.issue(events, [0]), ['id']), 'an id out of range');
  });

  test('another list: another route, or the same route under other path parameters, is refused', () => {
    const refunds: ListScope = { route: '/payments/:id/refunds', params: { id: 5 }, query: {} };
    const cursor = cursors.issue(refunds, [3]);
    assert.deepEqual(cursors.read(refunds, cursor, ['id']), [3]);
    assertRefused(() => cursors.read({ ...refunds, params: { id: 6 } }, cursor, ['id']), 'refunds of another payment');
    assertRefused(() => cursors.read({ ...refunds, route: '/payments' }, cursor, ['id']), 'another route');
    assertRefused(() => cursors.read({ ...events, query: {} }, cursor, ['id']), 'another list altogether');
  });

  test('another filter: a changed, added or dropped query parameter is refused; their order is not', () => {
    const query = { status: 'published', category_id: 3, q: 'jazz' };
    const scope: ListScope = { route: '/events', params: {}, query };
    const cursor = cursors.issue(scope, [10, 4]);
    const withQuery = (q: Record<string, unknown>): ListScope => ({ ...scope, query: q });
    for (const [q, why] of [
      [{ ...query, status: 'cancelled' }, 'a changed value'],
      [{ ...query, category_id: 4 }, 'a changed number'],
      [{ ...query, category_id: '3' }, 'a number as text'],
      [{ ...query, organizer_id: 1 }, 'an added filter'],
      [{ status: 'published', category_id: 3 }, 'a dropped filter'],
      [{}, 'no filter']
    ] as const)
      assertRefused(() => cursors.read(withQuery(q), cursor, ['int', 'id']), why);
    const reordered = { q: 'jazz', category_id: 3, limit: 7, status: 'published', to: undefined, cursor };
    assert.deepEqual(cursors.read(withQuery(reordered), cursor, ['int', 'id']), [10, 4]);
  });

  test('listPage pages with signed cursors of its route, path parameters and filter', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    const request = (query: ListRequest['query'] & Record<string, unknown>, id = 9): ListRequest => ({
      routeOptions: { url: '/things/:id/parts' },
      params: { id },
      query
    });
    const page = (query: ListRequest['query'] & Record<string, unknown>, id?: number) =>
      listPage(
        cursors,
        request(query, id),
        ['id'],
        async (after, n) => rows.filter((r) => after === null || r.id > after[0]).slice(0, n),
        (r) => [r.id],
        (r) => r.id
      );
    const first = await page({ kind: 'a', limit: 3 });
    assert.deepEqual(first.data, [1, 2, 3]);
    const second = await page({ kind: 'a', limit: 2, cursor: first.next_cursor! });
    assert.deepEqual(second.data, [4, 5], 'the page size changes between pages');
    const last = await page({ kind: 'a', cursor: second.next_cursor! });
    assert.deepEqual([last.data, last.next_cursor], [[6, 7], null]);
    await assert.rejects(page({ kind: 'b', cursor: first.next_cursor! }), AppError, 'another filter');
    await assert.rejects(page({ kind: 'a', cursor: first.next_cursor! }, 10), AppError, 'another parent');
  });
});
