// The staff events and check-in pages (SPEC §3.9) through the gateway, as a browser uses them: an admin creates,
// edits and cancels events and works their registrations (search, cancel, CSV); a manager who does not organise an
// event reads it and works its door but is offered nothing else; a steward checks tickets in by typed code; a plain
// user is refused everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { eventually } from '@style-flow/platform/testing';
import { allTargets, modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { csrfOf, openBrowser, type Browser } from './support/browser.ts';
import { giveRole } from './support/roles.ts';

const PASSWORD = 'password-0123';
type QrReader = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const BOM = '\uFEFF';
const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
/** As a datetime-local field sends it. */
const formTime = (iso: string) => iso.slice(0, 16);

for (const m of modes) {
  describe(`console staff events and check-in, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let gateway: string;
    let admin: StyleFlowClient;
    let categoryId: number;
    const clients = new Map<string, StyleFlowClient>();
    const ids = new Map<string, number>();

    async function signedIn(email: string, language?: string): Promise<Browser> {
      const b = openBrowser(gateway, language);
      const form = await b.get('/app/sign-in');
      const home = await b.post('/app/sign-in', { _csrf: csrfOf(form), email, password: PASSWORD });
      assert.equal(home.status, 200, `${email} signed in`);
      return b;
    }

    /** An event made through the API by the admin. */
    async function apiEvent(title: string, capacity: number, days = 5) {
      return ok(
        admin.POST('/events', {
          body: { title, start_date: inDays(days), end_date: inDays(days, 18), capacity, category_id: categoryId }
        })
      );
    }

    before(async () => {
      stack = await startStack(m.mode, allTargets, { GATEWAY_HEALTH_INTERVAL_MS: '500' });
      gateway = stack.url('gateway');
      const anyone = createStyleFlowClient({ baseUrl: gateway });
      for (const [name, first, last] of [
        ['boss', null, null],
        ['mia', null, null],
        ['paul', null, null],
        ['anna', 'Анна', 'Петрова'],
        ['boris', 'Boris', '=HYPERLINK("x")']
      ] as const) {
        const user = await ok(
          anyone.POST('/auth/register', {
            body: {
              username: name,
              email: `${name}@example.com`,
              password: PASSWORD,
              ...(first ? { first_name: first } : {}),
              ...(last ? { last_name: last } : {})
            }
          })
        );
        ids.set(name, user.id);
        const client = createStyleFlowClient({ baseUrl: gateway });
        await client.login(`${name}@example.com`, PASSWORD);
        clients.set(name, client);
      }
      admin = clients.get('boss')!; // the first account: the admin
      await giveRole(gateway, admin, { id: ids.get('mia')!, email: 'mia@example.com', password: PASSWORD }, 'manager');
      categoryId = (await ok(admin.GET('/categories'))).data[0]!.id;
    });
    after(() => stack?.stop());

    test('an admin creates an event with the form, finds it, edits it; a refusal shows the API message', async () => {
      const b = await signedIn('boss@example.com');
      const form = await b.get('/app/staff/events/new');
      assert.equal(form.status, 200);
      assert.match(form.body, /<label for="f-title">Title<\/label>/);
      const fields = {
        title: 'Autumn <b>summit</b>',
        description: 'Talks',
        start_date: formTime(inDays(20)),
        end_date: formTime(inDays(20, 17)),
        location: 'Hall A',
        capacity: '40',
        category_id: String(categoryId),
        price: '',
        currency: ''
      };
      // The API's own message for a rule it enforces, next to the form, the input kept.
      const refused = await b.post('/app/staff/events', {
        ...fields,
        _csrf: csrfOf(form),
        end_date: formTime(inDays(19))
      });
      assert.ok([400, 422].includes(refused.status), `refused with ${refused.status}`);
      assert.match(refused.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      assert.match(refused.body, /value="Autumn &lt;b&gt;summit&lt;\/b&gt;"/);

      const created = await b.post('/app/staff/events', { ...fields, _csrf: csrfOf(refused) });
      assert.equal(created.status, 200);
      assert.match(created.body, /The event is created/);
      assert.match(created.body, /<h1>Autumn &lt;b&gt;summit&lt;\/b&gt;<\/h1>/);
      const id = Number(/\/app\/staff\/events\/(\d+)\?m=created/.exec(b.seen.at(-2)!.headers.get('location')!)![1]);
      const event = await ok(admin.GET('/events/{id}', { params: { path: { id } } }));
      assert.equal(event.capacity, 40);
      assert.equal(event.location, 'Hall A');
      // The form's time, which has no zone, is the clock in the event's zone: UTC when the form names none.
      assert.equal(Date.parse(event.start_date), Date.parse(`${fields.start_date}:00Z`));

      const list = await b.get('/app/staff/events?q=Autumn');
      assert.match(
        list.body,
        /<th scope="row"><a href="\/app\/staff\/events\/\d+">Autumn &lt;b&gt;summit&lt;\/b&gt;<\/a><\/th>/
      );
      assert.match(list.body, /0 of 40/);
      const none = await b.get('/app/staff/events?q=no-such-event-anywhere');
      assert.match(none.body, /No event matches these filters/);
      const fragment = await b.get('/app/staff/events?q=Autumn', {
        'hx-request': 'true',
        'hx-target': 'staff-event-list'
      });
      assert.match(fragment.body, /^<div id="staff-event-list">/);

      const edit = await b.get(`/app/staff/events/${id}/edit`);
      assert.match(edit.body, /value="40"/);
      const saved = await b.post(`/app/staff/events/${id}`, {
        ...fields,
        _csrf: csrfOf(edit),
        capacity: '60',
        price: '49,90',
        currency: 'EUR'
      });
      assert.match(saved.body, /The event is saved/);
      const changed = await ok(admin.GET('/events/{id}', { params: { path: { id } } }));
      assert.equal(changed.capacity, 60);
      assert.equal(changed.price, '49.90');
      assert.equal(changed.currency, 'EUR');
      assert.match(saved.body, /€49\.90/);
    });

    test("an event's time zone: 10:00 in Moscow on the form is 07:00Z at the API and 10:00 on every page", async () => {
      const b = await signedIn('boss@example.com');
      const form = await b.get('/app/staff/events/new');
      assert.match(form.body, /<label for="f-time_zone">Time zone<\/label>/);
      assert.match(form.body, /<option value="UTC" selected>/);
      assert.match(form.body, /<option value="Europe\/Moscow" >/);
      const fields = {
        title: 'Moscow morning',
        description: '',
        time_zone: 'Europe/Moscow',
        start_date: '2031-06-10T10:00',
        end_date: '2031-06-10T18:30',
        location: '',
        capacity: '10',
        category_id: String(categoryId),
        price: '',
        currency: ''
      };
      const created = await b.post('/app/staff/events', { ...fields, _csrf: csrfOf(form) });
      assert.match(created.body, /The event is created/);
      const id = Number(/\/app\/staff\/events\/(\d+)\?m=created/.exec(b.seen.at(-2)!.headers.get('location')!)![1]);
      const event = await ok(admin.GET('/events/{id}', { params: { path: { id } } }));
      assert.deepEqual(
        [event.start_date, event.end_date, event.time_zone],
        ['2031-06-10T07:00:00.000Z', '2031-06-10T15:30:00.000Z', 'Europe/Moscow']
      );
      const span = /10 Jun 2031, 10:00 – 10 Jun 2031, 18:30 \(Europe\/Moscow\)/;
      assert.match(created.body, span, "the staff page, in the event's zone");
      assert.match((await b.get(`/app/events/${id}`)).body, span, 'the public page');
      const listed = await b.get('/app/staff/events?q=Moscow+morning');
      assert.match(listed.body, /<td>10 Jun 2031, 10:00 \(Europe\/Moscow\)<\/td>/);

      // Editing shows the times as they were typed, in the event's zone, and reads them back in it.
      const edit = await b.get(`/app/staff/events/${id}/edit`);
      assert.match(edit.body, /name="start_date"\s+type="datetime-local"\s+value="2031-06-10T10:00"/);
      assert.match(edit.body, /<option value="Europe\/Moscow" selected>/);
      const saved = await b.post(`/app/staff/events/${id}`, {
        ...fields,
        _csrf: csrfOf(edit),
        start_date: '2031-06-10T11:00'
      });
      assert.match(saved.body, /The event is saved/);
      assert.equal(
        (await ok(admin.GET('/events/{id}', { params: { path: { id } } }))).start_date,
        '2031-06-10T08:00:00.000Z'
      );

      // Moved to Tokyo with the same clock times: the instants move, the page shows the clock as typed.
      const tokyo = await b.post(`/app/staff/events/${id}`, {
        ...fields,
        _csrf: csrfOf(saved),
        time_zone: 'Asia/Tokyo'
      });
      assert.match(tokyo.body, /10 Jun 2031, 10:00 – 10 Jun 2031, 18:30 \(Asia\/Tokyo\)/);
      assert.equal(
        (await ok(admin.GET('/events/{id}', { params: { path: { id } } }))).start_date,
        '2031-06-10T01:00:00.000Z'
      );

      // A zone the API does not know is refused by it, its message next to the form, the input kept.
      const refused = await b.post('/app/staff/events', { ...fields, _csrf: csrfOf(tokyo), time_zone: 'Mars/Olympus' });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /<div class="alert" role="alert">[^<]*time_zone[^<]*<\/div>/);
      assert.match(refused.body, /<option value="Mars\/Olympus" selected>/);
    });

    test('registrations: waiting list, names, search, status filter, cancel with a notice, CSV', async () => {
      const event = await apiEvent('Small room', 1);
      const annaReg = await ok(
        clients.get('anna')!.POST('/events/{id}/register', { params: { path: { id: event.id } }, body: {} })
      );
      const borisReg = await ok(
        clients.get('boris')!.POST('/events/{id}/register', { params: { path: { id: event.id } }, body: {} })
      );
      assert.equal(annaReg.status, 'confirmed');
      assert.equal(borisReg.status, 'waitlisted');

      const b = await signedIn('boss@example.com');
      const page = await b.get(`/app/staff/events/${event.id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /<h2 id="waitlist-title">Waiting list<\/h2>/);
      assert.match(page.body, /<th scope="row">Boris =HYPERLINK\(&quot;x&quot;\)<\/th>/);
      assert.match(page.body, /href="\/app\/staff\/events\/\d+\/registrations"/);
      assert.match(page.body, /No resource is allocated/);

      const regs = await b.get(`/app/staff/events/${event.id}/registrations`);
      assert.equal(regs.status, 200);
      assert.match(regs.body, /Анна Петрова/);
      assert.match(regs.body, /boris · boris@example\.com/);
      const search = await b.get(`/app/staff/events/${event.id}/registrations?q=${encodeURIComponent('Петрова')}`);
      assert.match(search.body, /Анна Петрова/);
      assert.doesNotMatch(search.body, /boris@example\.com/);
      const waiting = await b.get(`/app/staff/events/${event.id}/registrations?status=waitlisted`);
      assert.match(waiting.body, /boris@example\.com/);
      assert.doesNotMatch(waiting.body, /Анна Петрова/);
      const nobody = await b.get(`/app/staff/events/${event.id}/registrations?q=nobody-matches`);
      assert.match(nobody.body, /No registration matches these filters/);

      const cancelled = await b.post(`/app/staff/events/${event.id}/registrations/${annaReg.id}/cancel`, {
        _csrf: csrfOf(regs),
        back: `/app/staff/events/${event.id}/registrations`
      });
      assert.equal(cancelled.status, 200);
      assert.match(cancelled.body, /The registration is cancelled/);
      const after = await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: event.id } } }));
      assert.equal(after.data.find((r) => r.id === annaReg.id)?.status, 'cancelled');
      // The freed seat went to the waiting list.
      await eventually(
        async () =>
          (await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: event.id } } }))).data.find(
            (r) => r.id === borisReg.id
          )?.status === 'confirmed',
        10_000,
        'boris promoted'
      );
      const csv = await fetch(`${gateway}/app/staff/events/${event.id}/registrations.csv`, {
        headers: { cookie: `sf_session=${b.cookie('sf_session')}` }
      });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
      assert.match(
        csv.headers.get('content-disposition')!,
        /^attachment; filename="[ -~]+"; filename\*=UTF-8''Small%20room/
      );
      const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
      assert.ok(body.startsWith(BOM));
      const lines = body.slice(1).split('\r\n');
      assert.match(lines[0]!, /^registration_id,user_id,username,first_name,last_name,status/);
      assert.ok(lines.some((l) => l.includes(',anna,Анна,Петрова,cancelled,')));
      // A cell a spreadsheet would run is neutralised.
      assert.ok(
        lines.some((l) => l.includes(`,boris,Boris,"'=HYPERLINK(""x"")",confirmed,`)),
        body
      );
      const onlyConfirmed = await fetch(`${gateway}/app/staff/events/${event.id}/registrations.csv?status=confirmed`, {
        headers: { cookie: `sf_session=${b.cookie('sf_session')}` }
      });
      const confirmedBody = await onlyConfirmed.text();
      assert.doesNotMatch(confirmedBody, /,anna,/);
    });

    test("an event's page shows the resources allocated to it", async () => {
      const event = await apiEvent('Workshop', 10);
      const hall = await ok(admin.POST('/resources', { body: { name: 'Glass hall', type_id: 1, quantity: 1 } }));
      await ok(
        admin.POST('/resources/{id}/allocate', {
          params: { path: { id: hall.id } },
          body: { event_id: event.id, start_time: event.start_date, end_time: event.end_date, quantity: 1 }
        })
      );
      const b = await signedIn('boss@example.com');
      // The event service learns of the allocation through resource-events.
      let page = await b.get(`/app/staff/events/${event.id}`);
      await eventually(
        async () => {
          page = await b.get(`/app/staff/events/${event.id}`);
          return page.body.includes('<th scope="row">Glass hall</th>');
        },
        15_000,
        'the allocation on the event page'
      );
      assert.doesNotMatch(page.body, /No resource is allocated/);
    });

    test('an admin cancels an event after confirming; its registrations are cancelled', async () => {
      const event = await apiEvent('Doomed', 10);
      await ok(clients.get('paul')!.POST('/events/{id}/register', { params: { path: { id: event.id } }, body: {} }));
      const b = await signedIn('boss@example.com');
      const confirm = await b.get(`/app/staff/events/${event.id}/cancel`);
      assert.match(confirm.body, /<h1>Cancel Doomed\?<\/h1>/);
      const done = await b.post(`/app/staff/events/${event.id}/cancel`, { _csrf: csrfOf(confirm) });
      assert.equal(done.status, 200);
      assert.match(done.body, /The event is cancelled/);
      assert.equal((await ok(admin.GET('/events/{id}', { params: { path: { id: event.id } } }))).status, 'cancelled');
      const regs = await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: event.id } } }));
      assert.ok(regs.data.every((r) => r.status === 'cancelled'));
      // A cancelled event offers no edit and no second cancel.
      assert.doesNotMatch(done.body, /Edit the event|Cancel the event…/);
      assert.equal((await b.get(`/app/staff/events/${event.id}/edit`)).status, 403);
    });

    test('a manager reads an event it does not organise but is offered no change; its own it runs', async () => {
      const others = await apiEvent('Boss event', 10);
      const b = await signedIn('mia@example.com');
      const list = await b.get('/app/staff/events');
      assert.equal(list.status, 200);
      assert.match(list.body, /Boss event/);
      const page = await b.get(`/app/staff/events/${others.id}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /Edit the event|Cancel the event…|staff\/events\/\d+\/registrations|Waiting list/);
      assert.match(page.body, /Only the event’s organiser or an admin/);
      assert.match(page.body, new RegExp(`href="/app/check-in/${others.id}"`));
      for (const path of [`/edit`, `/cancel`, `/registrations`, `/registrations.csv`])
        assert.equal((await b.get(`/app/staff/events/${others.id}${path}`)).status, 403, path);
      const refused = await b.post(`/app/staff/events/${others.id}/cancel`, { _csrf: csrfOf(page) });
      assert.equal(refused.status, 403);
      assert.equal((await ok(admin.GET('/events/{id}', { params: { path: { id: others.id } } }))).status, 'scheduled');

      const form = await b.get('/app/staff/events/new');
      const mine = await b.post('/app/staff/events', {
        _csrf: csrfOf(form),
        title: 'Mia meetup',
        description: '',
        start_date: formTime(inDays(8)),
        end_date: formTime(inDays(8, 12)),
        location: '',
        capacity: '5',
        category_id: String(categoryId),
        price: '',
        currency: ''
      });
      assert.match(mine.body, /The event is created/);
      assert.match(mine.body, /Edit the event/);
      const own = await b.get('/app/staff/events?mine=yes');
      assert.match(own.body, /Mia meetup/);
      assert.doesNotMatch(own.body, /Boss event/);
    });

    test('a plain user gets 403 on every staff events and check-in URL', async () => {
      const event = await apiEvent('Closed door', 10);
      const b = await signedIn('paul@example.com');
      for (const path of [
        '/app/staff/events',
        '/app/staff/events/new',
        `/app/staff/events/${event.id}`,
        `/app/staff/events/${event.id}/registrations`,
        `/app/staff/events/${event.id}/registrations.csv`,
        '/app/check-in',
        `/app/check-in/${event.id}`
      ])
        assert.equal((await b.get(path)).status, 403, path);
      const token = csrfOf(await b.get('/app/'));
      assert.equal(
        (await b.post(`/app/check-in/${event.id}/scan`, { _csrf: token, code: 'x', nonce: 'n-1' })).status,
        403
      );
      assert.equal((await b.post('/app/staff/events', { _csrf: token, title: 'Mine' })).status, 403);
      assert.equal((await b.post(`/app/staff/events/${event.id}/cancel`, { _csrf: token })).status, 403);
      assert.equal((await ok(admin.GET('/events/{id}', { params: { path: { id: event.id } } }))).status, 'scheduled');
    });

    test('check-in: pick the event, scan by typed code: admitted, already scanned, not valid; counts follow', async () => {
      const event = await apiEvent('Door night', 10, 1);
      const reg = await ok(
        clients.get('anna')!.POST('/events/{id}/register', { params: { path: { id: event.id } }, body: {} })
      );
      const ticket = await ok(
        clients.get('anna')!.GET('/events/{id}/registrations/{registration_id}/ticket', {
          params: { path: { id: event.id, registration_id: reg.id } }
        })
      );
      const b = await signedIn('mia@example.com');
      const picker = await b.get('/app/check-in');
      assert.equal(picker.status, 200);
      assert.match(picker.body, new RegExp(`<a href="/app/check-in/${event.id}">Check in at Door night</a>`));

      const door = await b.get(`/app/check-in/${event.id}`);
      assert.equal(door.status, 200);
      assert.match(door.body, /0 present of 1 expected/);
      assert.match(door.body, /<input\s+id="f-code"\s+name="code"/);
      assert.match(door.body, /hx-trigger="every 4s"/);
      const scripts = [...door.body.matchAll(/<script src="([^"]+)" defer><\/script>/g)].map((x) => x[1]!);
      assert.ok(
        scripts.some((s) => /\/app\/assets\/jsqr-1\.4\.0\.[0-9a-f]{12}\.js$/.test(s)),
        scripts.join()
      );
      assert.ok(
        scripts.some((s) => /\/app\/assets\/check-in\.[0-9a-f]{12}\.js$/.test(s)),
        scripts.join()
      );
      const served = new Map<string, string>();
      for (const src of scripts) {
        const asset = await fetch(`${gateway}${src}`);
        assert.equal(asset.status, 200, src);
        assert.match(asset.headers.get('content-type')!, /^text\/javascript/);
        served.set(src, await asset.text());
      }
      // The jsQR the page is served reads a ticket's QR as the console draws it (the camera's frames are such pixels).
      const jsqr = [...served].find(([src]) => src.includes('/jsqr-'))![1];
      const sandbox: { self: { jsQR?: QrReader } } = { self: {} };
      runInNewContext(jsqr, sandbox);
      const png = PNG.sync.read(await QRCode.toBuffer(ticket.code, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
      const read = sandbox.self.jsQR!(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.equal(read?.data, ticket.code);

      const nonce = (page: { body: string }) => /name="nonce" value="([^"]+)"/.exec(page.body)![1]!;
      const listId = /name="list_id" value="(\d+)"/.exec(door.body)![1]!;
      const first = { _csrf: csrfOf(door), code: ticket.code, nonce: nonce(door), list_id: listId };
      const admitted = await b.post(`/app/check-in/${event.id}/scan`, first);
      assert.equal(admitted.status, 200);
      assert.match(admitted.body, /<h2>✓ Admitted<\/h2>/);
      assert.match(admitted.body, /Анна Петрова — welcome!/);
      assert.match(admitted.body, /1 present of 1 expected/);
      assert.notEqual(nonce(admitted), first.nonce, 'a fresh nonce for the next scan');

      // The same form sent again (a reload, a double Enter) is the same scan: the first answer, not a second scan.
      const replay = await b.post(`/app/check-in/${event.id}/scan`, first);
      assert.equal(replay.status, 200);
      assert.match(replay.body, /Admitted/);

      const twice = await b.post(`/app/check-in/${event.id}/scan`, {
        ...first,
        _csrf: csrfOf(admitted),
        nonce: nonce(admitted)
      });
      assert.equal(twice.status, 409);
      assert.match(twice.body, /<h2>⚠ Already scanned at \d\d:\d\d \(UTC\)<\/h2>/);
      assert.match(twice.body, /Анна Петрова — first scanned on/);

      const forged = await b.post(`/app/check-in/${event.id}/scan`, {
        ...first,
        _csrf: csrfOf(twice),
        nonce: nonce(twice),
        code: `${ticket.code.slice(0, -4)}AAAA`
      });
      assert.equal(forged.status, 422);
      assert.match(forged.body, /<h2>✗ Not valid<\/h2>/);
      const empty = await b.post(`/app/check-in/${event.id}/scan`, { ...first, nonce: nonce(forged), code: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.body, /Type or scan a ticket code first/);

      // htmx: the scanner part alone, with the verdict's status in a header; the polled count as a fragment.
      const fragment = await b.post(
        `/app/check-in/${event.id}/scan`,
        { ...first, nonce: nonce(empty) },
        { 'hx-request': 'true', 'hx-target': 'scanner' }
      );
      assert.equal(fragment.status, 200);
      assert.equal(fragment.headers.get('x-api-status'), '409');
      assert.match(fragment.body, /^<section id="scanner"/);
      const polled = await b.get(`/app/check-in/${event.id}/counts?list=${listId}`, {
        'hx-request': 'true',
        'hx-target': 'check-in-counts'
      });
      assert.match(polled.body, /^<div\s+id="check-in-counts"/);
      assert.match(polled.body, /1 present of 1 expected/);
      const checkIns = await ok(admin.GET('/events/{id}/check-ins', { params: { path: { id: event.id } } }));
      assert.equal(checkIns.data.length, 1, 'one scan recorded, however often the ticket was shown');
    });

    test('the check-in page and its verdict in Russian', async () => {
      const event = await apiEvent('Вечер', 10, 1);
      const reg = await ok(
        clients.get('boris')!.POST('/events/{id}/register', { params: { path: { id: event.id } }, body: {} })
      );
      const ticket = await ok(
        clients.get('boris')!.GET('/events/{id}/registrations/{registration_id}/ticket', {
          params: { path: { id: event.id, registration_id: reg.id } }
        })
      );
      const b = await signedIn('boss@example.com', 'ru-RU,ru;q=0.9');
      const door = await b.get(`/app/check-in/${event.id}`);
      assert.match(door.body, /<html lang="ru">/);
      assert.match(door.body, /<h1>Регистрация на входе: Вечер<\/h1>/);
      assert.match(door.body, /Пришли 0 из 1 ожидаемых/);
      const scan = await b.post(`/app/check-in/${event.id}/scan`, {
        _csrf: csrfOf(door),
        code: ticket.code,
        nonce: /name="nonce" value="([^"]+)"/.exec(door.body)![1]!
      });
      assert.match(scan.body, /<h2>✓ Проходите<\/h2>/);
      const list = await b.get('/app/staff/events');
      assert.match(list.body, /<h1>Мероприятия<\/h1>/);
    });
  });
}
