// Check-in at the door (SPEC §3.3): exactly one success per ticket and list under real concurrency (the database's
// unique index decides), a retried nonce answered with the first answer, stable reasons for every refused code with
// nothing recorded, offline scans with `force` recorded and their conflicts reported, the rights of SPEC §2,
// event.checkin.created, and the CSV export of the registrations with their check-in state (SPEC §3.9) — on the
// embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { CheckInCreated, Topics } from '@style-flow/contracts';
import type { IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import type { Json } from '@style-flow/client';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  day,
  decodeTicketCode,
  eventServiceClient,
  future,
  signTicketCode,
  type Registration
} from '../../../test/support/event-client.ts';
import { modes, serviceDatabase, startStack, type Reply, type Stack } from '../../../test/support/stack.ts';

type CheckIn = Json<'/events/{id}/check-ins', 'post'>;
type List = { id: number; name: string; is_default: boolean; checked_in_count: number };

for (const m of modes) {
  describe(`check-in, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    const client = eventServiceClient(() => stack);
    const checkinEvents: IncomingMessage[] = [];
    let manager: Caller;
    let admin: Caller;

    /** A free event of the manager's, a registrant confirmed in it and the ticket's code. */
    const ticketed = async (eventId?: number) => {
      const event = eventId ?? (await client.createEvent(manager, { price: null, currency: null, capacity: 50 }));
      const who = await client.caller();
      const registration = await client.register(who, event);
      assert.equal(registration.status, 'confirmed');
      const { code } = await client.ticketJson(who, event, registration.id);
      return { event, who, registration, code };
    };
    const lists = async (eventId: number) =>
      (
        await stack.request<{ data: List[] }>('GET', 'event', `/events/${eventId}/check-in-lists`, {
          token: manager.token
        })
      ).body.data;
    const addList = async (eventId: number, name: string) => {
      const res = await stack.request<List>('POST', 'event', `/events/${eventId}/check-in-lists`, {
        token: manager.token,
        body: { name }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const checkIns = async (eventId: number, query = '') =>
      (
        await stack.request<{ data: CheckIn[] }>('GET', 'event', `/events/${eventId}/check-ins?limit=200${query}`, {
          token: manager.token
        })
      ).body.data;
    const recorded = async (registrationId: number) =>
      Number(
        (await db.query('select count(*) from check_ins where registration_id = $1', [registrationId])).rows[0].count
      );

    before(async () => {
      stack = await startStack(m.mode, ['event']);
      db = await serviceDatabase(stack, 'event');
      await stack.transport.subscribe({
        group: uniqueName('observer'),
        topics: [Topics.eventRegistrations],
        handle: async (msg) => {
          if (JSON.parse(msg.value).type === CheckInCreated.type) checkinEvents.push(msg);
        }
      });
      manager = await client.caller('manager');
      admin = await client.caller('admin');
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      await stack?.stop();
    });

    test('50 concurrent scans of one ticket on two lists: one 201 per list, 48 × 409 naming the first; a retried nonce gets the same answer', async () => {
      const { event, registration, code } = await ticketed();
      const [standard] = await lists(event);
      assert.deepEqual([standard!.name, standard!.is_default], ['Default', true], 'every event has a default list');
      const hall = await addList(event, 'Hall B');
      // Two doors, two scanners each, all at once.
      const scanners = [manager, admin, await client.caller('manager'), await client.caller('manager')];
      const scans = Array.from({ length: 50 }, (_, i) => ({
        who: scanners[i % scanners.length]!,
        body: { code, nonce: randomUUID(), ...(i % 2 === 0 ? {} : { list_id: hall.id }) }
      }));
      const answers = await Promise.all(scans.map((s) => client.checkIn(s.who, event, s.body)));
      const created = answers.filter((a) => a.status === 201) as Reply<CheckIn>[];
      const refused = answers.filter((a) => a.status === 409);
      assert.equal(created.length, 2, JSON.stringify(answers.filter((a) => a.status !== 409).map((a) => a.body)));
      assert.equal(refused.length, 48);
      assert.deepEqual(created.map((c) => c.body.list_id).sort(), [standard!.id, hall.id].sort());
      for (const r of refused) {
        assert.equal(r.body.code, 'ALREADY_CHECKED_IN');
        const first = r.body.first_check_in as CheckIn['first_check_in'];
        const winner = created.find((c) => c.body.list_id === first!.list_id)!;
        assert.deepEqual(
          [first!.id, first!.list_name, first!.scanned_at],
          [winner.body.id, winner.body.list_name, winner.body.scanned_at],
          'the 409 says when and on which list the ticket was first used'
        );
      }
      assert.equal(await recorded(registration.id), 2, 'two rows in the database: one per list');

      // A scanner that lost the answer sends the scan again: the same answer, not a second scan.
      const won = created[0]!;
      const wonScan = scans[answers.indexOf(won)]!;
      const again = await client.checkIn(wonScan.who, event, wonScan.body);
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, won.body);
      assert.equal(again.headers.get('location'), won.headers.get('location'));
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const lost = refused[0]!;
      const lostScan = scans[answers.indexOf(lost)]!;
      const lostAgain = await client.checkIn(lostScan.who, event, lostScan.body);
      assert.deepEqual([lostAgain.status, lostAgain.body], [409, lost.body], 'a refusal is answered the same way');
      // The same nonce with another scan is a mistake, not a retry; another scanner's nonces are its own.
      const reused = await client.checkIn(wonScan.who, event, { ...wonScan.body, list_id: hall.id, force: true });
      assert.deepEqual([reused.status, reused.body.code], [422, 'NONCE_REUSED']);
      const otherScanner = scanners.find((s) => s !== wonScan.who)!;
      const theirs = await client.checkIn(otherScanner, event, wonScan.body);
      assert.equal(theirs.status, 409, 'the same nonce from another scanner is another scan');
      assert.equal(await recorded(registration.id), 2, 'retries recorded nothing');

      const listed = await checkIns(event);
      assert.deepEqual(listed.map((c) => c.id).sort(), created.map((c) => c.body.id).sort());
      assert.equal(((await client.event(event)) as { checked_in_count?: number }).checked_in_count, 1);
      assert.deepEqual(
        (await lists(event)).map((l) => [l.name, l.checked_in_count]),
        [
          ['Default', 1],
          ['Hall B', 1]
        ]
      );
      await eventually(
        () =>
          checkinEvents.filter((msg) => JSON.parse(msg.value).data.registration_id === registration.id).length === 2,
        30_000,
        'event.checkin.created for each of the two check-ins'
      );
      const announced = JSON.parse(checkinEvents.find((msg) => JSON.parse(msg.value).data.id === won.body.id)!.value);
      assert.deepEqual(
        [announced.data.event_id, announced.data.list_id, announced.data.user_id, announced.data.forced],
        [event, won.body.list_id, won.body.user_id, false]
      );
    });

    test('refused codes — forged, revoked, cancelled, unpaid, waitlisted, another event’s, not a code — each its reason, nothing recorded', async () => {
      const { event, who, registration, code } = await ticketed();
      const reason = async (body: Record<string, unknown>, at = event) => {
        const res = await client.checkIn(manager, at, body);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.code, 'TICKET_INVALID');
        return res.body.reason;
      };
      // A valid shape signed with another key.
      const claims = decodeTicketCode(code).claims;
      assert.equal(await reason({ code: signTicketCode(generateKeyPairSync('ed25519').privateKey, claims) }), 'forged');
      assert.equal(await reason({ code: 'HELLO' }), 'unknown');
      assert.equal(await reason({ code: 'https://example.com/not-a-ticket' }), 'unknown');

      // Re-issued: the old code is revoked, the new one lets its holder in.
      const reissued = await stack.request<{ code: string }>(
        'POST',
        'event',
        `/events/${event}/registrations/${registration.id}/ticket/reissue`,
        { token: who.token }
      );
      assert.equal(reissued.status, 200);
      assert.equal(await reason({ code }), 'revoked');
      assert.equal(await recorded(registration.id), 0, 'nothing recorded for a refused code');
      // Typed by hand: lower case, in groups.
      const typed = reissued.body.code.toLowerCase().replace(/(.{4})/g, '$1 ');
      assert.equal((await client.checkIn(manager, event, { code: typed })).status, 201);

      // Cancelled.
      const gone = await ticketed(event);
      assert.equal(
        (
          await stack.request('DELETE', 'event', `/events/${event}/registrations/${gone.registration.id}`, {
            token: gone.who.token
          })
        ).status,
        204
      );
      assert.equal(await reason({ code: gone.code }), 'cancelled');

      // Another event's ticket.
      const elsewhere = await ticketed();
      assert.equal(await reason({ code: elsewhere.code }), 'other_event');

      // Unpaid and waitlisted: such a registration never had a ticket, so its code is made here with the service's
      // own key (read from its database) — the service must judge the registration, not only the signature.
      const { rows } = await db.query<{ private_key: Buffer }>('select private_key from ticket_keys');
      const serviceKey = createPrivateKey({ key: rows[0]!.private_key, format: 'der', type: 'pkcs8' });
      const paid = await client.createEvent(manager, { capacity: 1 });
      const held = await client.register(await client.caller(), paid);
      const queued = await client.register(await client.caller(), paid);
      assert.deepEqual([held.status, queued.status], ['pending_payment', 'waitlisted']);
      const codeOf = (r: Registration) =>
        signTicketCode(serviceKey, { eventId: paid, registrationId: r.id, version: 1 });
      assert.equal(await reason({ code: codeOf(held) }, paid), 'unpaid');
      assert.equal(await reason({ code: codeOf(queued) }, paid), 'waitlisted');
      // A version the service never issued.
      assert.equal(await reason({ code: signTicketCode(serviceKey, { ...claims, version: 9 }) }), 'unknown');

      for (const r of [gone.registration, held, queued]) assert.equal(await recorded(r.id), 0);
      assert.deepEqual(
        (await checkIns(event)).map((c) => c.registration_id),
        [registration.id],
        'only the valid ticket checked in'
      );
      assert.equal((await checkIns(paid)).length, 0);
    });

    test('offline scans with force: recorded at their own time, a conflicting pair reported, a broken rule named; never a forged code', async () => {
      const { event, registration, code } = await ticketed();
      const [standard] = await lists(event);
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const first = await client.checkIn(manager, event, { code, scanned_at: twoHoursAgo, force: true });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const a = first.body as unknown as CheckIn;
      assert.deepEqual(
        [a.scanned_at, a.forced, a.conflicts, a.duplicate_of, a.first_check_in],
        [twoHoursAgo, true, [], null, null]
      );
      // A second door scanned the same ticket offline an hour later: recorded too, and the answer says it conflicts.
      const second = await client.checkIn(admin, event, { code, scanned_at: hourAgo, force: true });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      const b = second.body as unknown as CheckIn;
      assert.deepEqual(
        [b.scanned_at, b.forced, b.conflicts, b.duplicate_of],
        [hourAgo, true, ['already_checked_in'], a.id]
      );
      assert.deepEqual(
        [b.first_check_in!.id, b.first_check_in!.list_id, b.first_check_in!.scanned_at],
        [a.id, standard!.id, twoHoursAgo]
      );
      // Online, the ticket is used: the 409 names the first scan.
      const online = await client.checkIn(manager, event, { code });
      assert.equal(online.status, 409);
      assert.equal((online.body.first_check_in as { id: number }).id, a.id);
      assert.deepEqual(
        (await checkIns(event)).map((c) => [c.id, c.duplicate_of, c.conflicts]),
        [
          [a.id, null, []],
          [b.id, a.id, ['already_checked_in']]
        ],
        'both offline scans are kept'
      );
      assert.equal(((await client.event(event)) as { checked_in_count?: number }).checked_in_count, 1, 'one person');

      // A ticket cancelled while the scanner was offline: the scan happened, so it is recorded, naming the rule.
      const gone = await ticketed(event);
      await stack.request('DELETE', 'event', `/events/${event}/registrations/${gone.registration.id}`, {
        token: gone.who.token
      });
      const forcedCancelled = await client.checkIn(manager, event, {
        code: gone.code,
        scanned_at: hourAgo,
        force: true
      });
      assert.equal(forcedCancelled.status, 201);
      assert.deepEqual(forcedCancelled.body.conflicts, ['cancelled']);
      // A forged code is no ticket at all, offline or not.
      const forged = signTicketCode(generateKeyPairSync('ed25519').privateKey, decodeTicketCode(code).claims);
      const refused = await client.checkIn(manager, event, { code: forged, force: true });
      assert.deepEqual([refused.status, refused.body.reason], [422, 'forged']);
      assert.equal(await recorded(registration.id), 2);
    });

    test('scans racing a re-issue and a cancellation of the ticket: every answer a rule gave, and none after the cancellation', async () => {
      const { event, who, registration, code } = await ticketed();
      const doors = [(await lists(event))[0]!, await addList(event, 'North'), await addList(event, 'South')];
      const scans = Array.from(
        { length: 30 },
        (_, i) => () => client.checkIn(i % 2 ? manager : admin, event, { code, list_id: doors[i % doors.length]!.id })
      );
      const path = `/events/${event}/registrations/${registration.id}`;
      const changes = [
        () => stack.request('POST', 'event', `${path}/ticket/reissue`, { token: who.token }),
        () => stack.request('DELETE', 'event', path, { token: who.token })
      ];
      const all = await Promise.all([...scans.slice(0, 15), ...changes, ...scans.slice(15)].map((run) => run()));
      const [reissued, cancelled] = all.splice(15, 2);
      // The re-issue finds the ticket, or (after the cancellation) no ticket any more.
      assert.ok([200, 404].includes(reissued!.status), JSON.stringify(reissued!.body));
      assert.equal(cancelled!.status, 204);
      const answers = all;
      const statuses = answers.map((a) => a.status);
      assert.ok(
        statuses.every((s) => [201, 409, 422].includes(s)),
        JSON.stringify(answers.filter((a) => ![201, 409, 422].includes(a.status)).map((a) => a.body))
      );
      const refusals = answers.filter((a) => a.status === 422).map((a) => a.body.reason);
      assert.ok(
        refusals.every((r) => r === 'revoked' || r === 'cancelled'),
        JSON.stringify(refusals)
      );
      assert.ok(statuses.filter((s) => s === 201).length <= doors.length, 'at most one entry per door');
      assert.equal(await recorded(registration.id), statuses.filter((s) => s === 201).length);
      // Once cancelled, the ticket lets nobody in.
      const late = await client.checkIn(manager, event, { code });
      assert.equal(late.status, 422);
      assert.ok(['revoked', 'cancelled'].includes(String(late.body.reason)));
    });

    test('an event that has ended: an admin naming a walk-in registers it into a free seat, and the door still checks it in', async () => {
      const past = await client.createEvent(manager, {
        price: null,
        currency: null,
        capacity: 1,
        start_date: '2023-12-01T10:00:00',
        end_date: '2023-12-01T18:00:00'
      });
      const [walkIn, late] = [await client.caller(), await client.caller()];
      const register = (who: Caller, body?: Record<string, unknown>) =>
        stack.request<Registration & { detail?: string }>('POST', 'event', `/events/${past}/register`, {
          token: who.token,
          body
        });
      assert.equal((await register(walkIn)).status, 422, 'a user cannot register after the start');
      assert.equal((await register(walkIn, { user_id: walkIn.id })).status, 422, 'naming itself changes nothing');
      assert.equal((await register(admin)).status, 422, 'nor can an admin, for itself, without naming it');
      const named = await register(admin, { user_id: walkIn.id });
      assert.deepEqual([named.status, named.body.status], [201, 'confirmed']);
      const full = await register(admin, { user_id: late.id });
      assert.deepEqual([full.status, full.body.detail], [422, 'The event has started and has no free seat.']);
      const { code } = await client.ticketJson(walkIn, past, named.body.id);
      const scanned = await client.checkIn(manager, past, { code });
      assert.equal(scanned.status, 201, JSON.stringify(scanned.body));
      assert.equal((await client.event(past)).registered_count, 1);
    });

    test('rights and input: staff only, lists of the event only, no scans from the future', async () => {
      const { event, code } = await ticketed();
      const user = await client.caller();
      const forbidden = await client.checkIn(user, event, { code });
      assert.equal(forbidden.status, 403);
      assert.equal(
        (await stack.request('GET', 'event', `/events/${event}/check-ins`, { token: user.token })).status,
        403
      );
      assert.equal(
        (
          await stack.request('POST', 'event', `/events/${event}/check-in-lists`, {
            token: user.token,
            body: { name: 'x' }
          })
        ).status,
        403
      );
      assert.equal(
        (await stack.request('POST', 'event', `/events/${event}/check-ins`, { body: { code, nonce: 'n' } })).status,
        401
      );
      const elsewhere = await client.createEvent(manager, { price: null, currency: null });
      const foreignList = (await lists(elsewhere))[0]!;
      const wrongList = await client.checkIn(manager, event, { code, list_id: foreignList.id });
      assert.deepEqual([wrongList.status, wrongList.body.code], [422, 'UNKNOWN_CHECK_IN_LIST']);
      const tomorrow = await client.checkIn(manager, event, { code, scanned_at: future(day) });
      assert.equal(tomorrow.status, 400);
      assert.equal((await client.checkIn(manager, 2_147_483_647, { code })).status, 404);
      const duplicateName = await stack.request('POST', 'event', `/events/${event}/check-in-lists`, {
        token: manager.token,
        body: { name: ' default ' }
      });
      assert.deepEqual([duplicateName.status, duplicateName.body.code], [409, 'CHECK_IN_LIST_EXISTS']);
      assert.equal((await checkIns(event)).length, 0, 'nothing was checked in');
    });

    test('the CSV export: RFC 4180, UTF-8, formula-like cells neutralised, the check-in state, all rows in order', async () => {
      const event = await client.createEvent(manager, { price: null, currency: null, capacity: 5000 });
      const people = [
        { first_name: '=HYPERLINK("http://evil.example","click")', last_name: '@SUM(1+1)' },
        { first_name: 'Smith, "Jr"', last_name: 'line\nbreak' },
        { first_name: 'Иван', last_name: '-Иванов' }
      ];
      const callers: Caller[] = [];
      for (const names of people) {
        const who = await client.caller();
        await client.knowUser(who, names);
        callers.push(who);
      }
      await eventually(
        async () =>
          Number(
            (await db.query('select count(*) from known_users where id = any($1)', [callers.map((c) => c.id)])).rows[0]
              .count
          ) === 3,
        30_000,
        'the names known'
      );
      const registrations = [];
      for (const who of callers) registrations.push(await client.register(who, event));
      const { code } = await client.ticketJson(callers[0]!, event, registrations[0]!.id);
      assert.equal((await client.checkIn(manager, event, { code })).status, 201);
      // More rows than one batch of the export holds, made with SQL: the export reads them batch by batch.
      await db.query(
        `insert into registrations (event_id, user_id, status) select $1, 3000000 + g, 'confirmed' from generate_series(1, 1200) g`,
        [event]
      );

      const res = await fetch(`${stack.url('event')}/events/${event}/registrations`, {
        headers: { authorization: `Bearer ${manager.token}`, accept: 'text/csv' }
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="event-\d+-registrations\.csv"/);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
      const text = bytes.subarray(3).toString('utf8');
      assert.ok(text.endsWith('\r\n'));
      assert.ok(
        text.startsWith(
          'registration_id,user_id,username,first_name,last_name,status,registered_at,ticket_version,checked_in,first_checked_in_at,check_in_lists\r\n'
        ),
        text.slice(0, 200)
      );
      // Quotes doubled inside quoted cells (RFC 4180), and a leading ' before what a spreadsheet would run.
      assert.ok(
        text.includes(`"'=HYPERLINK(""http://evil.example"",""click"")",'@SUM(1+1),confirmed,`),
        text.slice(0, 600)
      );
      assert.ok(text.includes(`"Smith, ""Jr""","line\nbreak",confirmed`), text.slice(0, 800));
      assert.ok(text.includes(`,Иван,'-Иванов,confirmed,`), 'Cyrillic as written');
      const rows = text.split('\r\n').filter(Boolean).slice(1);
      assert.equal(rows.length, 3 + 1200);
      const first = rows[0]!.match(/,(yes|no),([^,]*),([^,]*)$/)!;
      assert.deepEqual([first[1], first[3]], ['yes', 'Default'], 'the first one checked in on the default list');
      assert.match(rows[1]!, /,no,,$/);
      const ids = rows.map((r) => Number(r.split(',')[0]));
      assert.deepEqual(
        ids,
        [...ids].sort((x, y) => x - y),
        'in registration order'
      );

      // Anyone else sees its own registration only, as in the JSON list.
      const own = await fetch(`${stack.url('event')}/events/${event}/registrations`, {
        headers: { authorization: `Bearer ${callers[2]!.token}`, accept: 'text/csv' }
      });
      assert.equal((await own.text()).trim().split('\r\n').length, 2);
      // Without Accept: text/csv, the JSON page as before.
      const page = await stack.request<{ data: unknown[] }>('GET', 'event', `/events/${event}/registrations?limit=2`, {
        token: manager.token
      });
      assert.equal(page.body.data.length, 2);
    });
  });
}
