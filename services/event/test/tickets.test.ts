// Tickets (SPEC §3.3): every confirmed registration has one, as JSON, as a PDF and as an .ics; its QR code holds a code
// signed with the event service's Ed25519 key, which GET /events/{id}/ticket-key publishes. Read here as a person and
// a scanner would: the PDF's text through pdftotext (the attendee's Cyrillic name as written), its page rendered by
// pdftoppm and the QR decoded from the pixels (jsQR), the code verified with node:crypto and the published key.
// pdftotext and pdftoppm are Debian's poppler-utils: CI installs them; elsewhere the PDF test skips, saying so.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  day,
  decodeTicketCode,
  eventServiceClient,
  future,
  verifyTicketCode,
  type Ticket
} from '../../../test/support/event-client.ts';
import { pdfText, poppler, popplerSkip } from '../../../test/support/pdf.ts';
import { modes, serviceDatabase, startStack, type Stack } from '../../../test/support/stack.ts';

/** The QR code on the PDF's page, read from its pixels as a phone's camera would. */
async function qrOfPdf(pdf: Buffer): Promise<string | null> {
  const png = PNG.sync.read(await poppler('pdftoppm', ['-png', '-r', '110', '-singlefile', '-'], pdf));
  // jsqr is a CommonJS module whose function is also its `default`, the export its types declare.
  return jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** The properties of an iCalendar text, its folded lines unfolded and TEXT values unescaped. */
function calendarProperties(ics: string): Array<[string, string]> {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      const value = line
        .slice(colon + 1)
        .replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
      return [line.slice(0, colon), value];
    });
}

const title = 'Конференция по микросервисам, «осень»';
const location = 'Москва, ул. Примерная, 123';

for (const m of modes) {
  describe(`tickets, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const client = eventServiceClient(() => stack);
    let manager: Caller;
    let otherManager: Caller;
    let attendee: Caller;
    let stranger: Caller;
    let eventId: number;
    let ticket: Ticket;

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      manager = await client.caller('manager');
      otherManager = await client.caller('manager');
      attendee = await client.caller();
      stranger = await client.caller();
      eventId = await client.createEvent(manager, {
        title,
        location,
        price: null,
        currency: null,
        capacity: 10,
        start_date: '2031-03-14T09:30:00+03:00',
        end_date: '2031-03-14T18:00:00+03:00',
        time_zone: 'Europe/Moscow'
      });
      await client.knowUser(attendee, { first_name: 'Анна-Мария', last_name: 'Щукина' });
      const registration = await client.register(attendee, eventId);
      assert.equal(registration.status, 'confirmed');
      // The name arrives with user.created on user-events: soon, not at once.
      ticket = await eventually(
        async () => {
          const t = await client.ticketJson(attendee, eventId, registration.id);
          return t.attendee_name === 'Анна-Мария Щукина' ? t : null;
        },
        30_000,
        "the attendee's name on the ticket"
      );
    });
    after(() => stack?.stop());

    test('the JSON ticket: the event, the name as written, and a code the published public key verifies', async () => {
      assert.deepEqual(
        [ticket.event_id, ticket.user_id, ticket.ticket_version, ticket.event.title, ticket.event.location],
        [eventId, attendee.id, 1, title, location]
      );
      assert.deepEqual(
        [ticket.event.start_date, ticket.event.time_zone],
        ['2031-03-14T06:30:00.000Z', 'Europe/Moscow']
      );
      assert.match(ticket.code, /^[0-9A-V]{120}$/, 'base32hex: what a QR code holds in alphanumeric mode');

      // The public key, for anyone: no token.
      const key = await stack.request<{
        algorithm: string;
        public_key: string;
        public_key_pem: string;
        jwk: { kty: string; crv: string; x: string };
      }>('GET', 'event', `/events/${eventId}/ticket-key`);
      assert.equal(key.status, 200);
      assert.equal(key.body.algorithm, 'Ed25519');
      assert.equal(Buffer.from(key.body.public_key, 'base64url').length, 32, 'the raw 32-byte key');
      assert.equal(key.body.jwk.x, key.body.public_key);
      assert.match(key.body.public_key_pem, /^-----BEGIN PUBLIC KEY-----\n/);
      assert.ok(verifyTicketCode(ticket.code, key.body.jwk), 'the code verifies with the published key');
      assert.deepEqual(decodeTicketCode(ticket.code).claims, {
        eventId,
        registrationId: ticket.registration_id,
        version: 1
      });
      // One key for the service: every event publishes the same, and the database keeps exactly it.
      const other = await client.createEvent(manager, { price: null, currency: null });
      const otherKey = await stack.request<{ public_key: string }>('GET', 'event', `/events/${other}/ticket-key`);
      assert.equal(otherKey.body.public_key, key.body.public_key);
      const db = await serviceDatabase(stack, 'event');
      try {
        const { rows } = await db.query<{ public_key: Buffer }>('select public_key from ticket_keys');
        assert.deepEqual(
          rows.map((r) => r.public_key.toString('base64url')),
          [key.body.public_key]
        );
      } finally {
        await db.end();
      }
      assert.equal((await stack.request('GET', 'event', '/events/2147483647/ticket-key')).status, 404);
    });

    test('the PDF: the Cyrillic name and the event as written, and a QR code a scanner reads and verifies', async (t) => {
      const skip = popplerSkip();
      if (skip) return t.skip(skip);
      const res = await client.ticket(attendee, eventId, ticket.registration_id, 'application/pdf');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(res.headers.get('cache-control') ?? '', /no-store/);
      const pdf = Buffer.from(await res.arrayBuffer());
      const text = await pdfText(pdf);
      for (const written of ['Анна-Мария Щукина', title, location, 'Fri, 14 March 2031, 09:30–18:00 Europe/Moscow'])
        assert.ok(text.replace(/\s+/g, ' ').includes(written), `«${written}» in the PDF's text:\n${text}`);
      assert.ok(!text.includes('?'), `no character replaced by '?':\n${text}`);
      assert.match(pdf.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/, 'the shipped font, as a subset');

      const scanned = await qrOfPdf(pdf);
      assert.equal(scanned, ticket.code, 'the QR code on the page holds the ticket code');
      const key = await stack.request<{ jwk: { kty: string; crv: string; x: string } }>(
        'GET',
        'event',
        `/events/${eventId}/ticket-key`
      );
      assert.ok(verifyTicketCode(scanned!, key.body.jwk), 'the published key verifies the scanned code');
    });

    test('the .ics: one event at its instants in UTC, with its title and place', async () => {
      const res = await client.ticket(attendee, eventId, ticket.registration_id, 'text/calendar');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/calendar; charset=utf-8/);
      const ics = await res.text();
      assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'), ics);
      assert.ok(ics.endsWith('END:VCALENDAR\r\n'), ics);
      for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `a line of ≤ 75 octets: ${line}`);
      const props = calendarProperties(ics);
      const value = (name: string) => props.find(([k]) => k === name)?.[1];
      assert.equal(value('VERSION'), '2.0');
      assert.equal(value('BEGIN'), 'VCALENDAR');
      assert.ok(props.some(([k, v]) => k === 'BEGIN' && v === 'VEVENT'));
      assert.equal(value('DTSTART'), '20310314T063000Z');
      assert.equal(value('DTEND'), '20310314T150000Z');
      assert.equal(value('SUMMARY'), title);
      assert.equal(value('LOCATION'), location);
      assert.ok(!ics.includes(ticket.code), 'a calendar is shared as a ticket should not be: no code in it');
    });

    test('who sees a ticket: the registrant and staff; anyone else is told there is none (404)', async () => {
      const path = `/events/${eventId}/registrations/${ticket.registration_id}/ticket`;
      assert.equal((await stack.request('GET', 'event', path, { token: stranger.token })).status, 404);
      assert.equal((await stack.request('GET', 'event', path)).status, 401);
      for (const staff of [manager, otherManager, await client.caller('admin')]) {
        const seen = await stack.request<Ticket>('GET', 'event', path, { token: staff.token });
        assert.equal(seen.status, 200);
        assert.equal(seen.body.code, ticket.code);
      }
      // Through another event's path, it does not exist.
      const other = await client.createEvent(manager, { price: null, currency: null });
      assert.equal(
        (
          await stack.request('GET', 'event', `/events/${other}/registrations/${ticket.registration_id}/ticket`, {
            token: attendee.token
          })
        ).status,
        404
      );
      // Nor may a stranger re-issue it.
      assert.equal((await stack.request('POST', 'event', `${path}/reissue`, { token: stranger.token })).status, 404);
    });

    test('only a confirmed registration has a ticket: held for payment or waitlisted, 404 saying why', async () => {
      const paid = await client.createEvent(manager, { capacity: 1 });
      const [payer, waiting] = [await client.caller(), await client.caller()];
      const held = await client.register(payer, paid);
      const queued = await client.register(waiting, paid);
      assert.deepEqual([held.status, queued.status], ['pending_payment', 'waitlisted']);
      for (const [who, r] of [
        [payer, held],
        [waiting, queued]
      ] as const) {
        const res = await stack.request('GET', 'event', `/events/${paid}/registrations/${r.id}/ticket`, {
          token: who.token
        });
        assert.equal(res.status, 404);
        assert.match(String(res.body.detail), /only a confirmed registration has a ticket/);
      }
    });

    test('re-issuing moves the version on and changes the code; the name is whatever the user service says now', async () => {
      const newcomer = await client.caller();
      await client.knowUser(newcomer, { first_name: null, last_name: null, username: 'door_guest' });
      const event = await client.createEvent(manager, { price: null, currency: null, start_date: future(3 * day) });
      const r = await client.register(newcomer, event);
      const first = await eventually(
        async () => {
          const t = await client.ticketJson(newcomer, event, r.id);
          return t.attendee_name === 'door_guest' ? t : null;
        },
        30_000,
        'the username as the name when there is no other'
      );
      const again = await stack.request<Ticket>(
        'POST',
        'event',
        `/events/${event}/registrations/${r.id}/ticket/reissue`,
        { token: newcomer.token }
      );
      assert.equal(again.status, 200);
      assert.equal(again.body.ticket_version, 2);
      assert.notEqual(again.body.code, first.code);
      assert.equal(decodeTicketCode(again.body.code).claims.version, 2);
      assert.equal((await client.ticketJson(newcomer, event, r.id)).code, again.body.code, 'the ticket is the new one');
    });
  });
}
