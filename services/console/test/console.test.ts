// The console through the gateway, as a browser uses it: real form posts with the cookie followed, against the
// whole system (every service of the registry) on each transport. What is asserted is what a person sees, what the
// API then holds, and the protections every answer must carry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';
import { allTargets, modes, serviceDatabase, startStack, type Stack } from '../../../test/support/stack.ts';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.ts';
import { deriveSessionKeys, idHash } from '../src/sessions/session-keys.ts';
import { csrfOf, openBrowser, type Browser, type Page } from './support/browser.ts';

const PASSWORD = 'password-0123';
const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

for (const m of modes) {
  describe(`the console through the gateway, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let gateway: string;
    let admin: StyleFlowClient;
    let eventId: number;
    let scriptEventId: number;
    const browsers: Browser[] = [];
    const browser = (language?: string) => {
      const b = openBrowser(gateway, language);
      browsers.push(b);
      return b;
    };

    before(async () => {
      stack = await startStack(m.mode, allTargets, {
        GATEWAY_HEALTH_INTERVAL_MS: '500',
        // Every sign-in, sign-up and refresh of every person reaches the gateway from the console's one address, so
        // they share its per-address credential limit (20 a minute by default); this suite makes more than that.
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        CONSOLE_SESSION_SWEEP_MS: '1000',
        // Some cases change a session's row behind the console's back (its tokens, its expiry): it reads the row on
        // every request here instead of trusting what it read for a while.
        CONSOLE_SESSION_REMEMBER_MS: '0',
        // Nine services on one PostgreSQL server shared with other suites: a few connections each is plenty here.
        POSTGRES_POOL_MAX: '3'
      });
      gateway = stack.url('gateway');
      // The first account of an empty system is its admin (SPEC §2): it makes the events the attendees see.
      const anyone = createStyleFlowClient({ baseUrl: gateway });
      await ok(
        anyone.POST('/auth/register', { body: { username: 'boss', email: 'boss@example.com', password: PASSWORD } })
      );
      admin = createStyleFlowClient({ baseUrl: gateway });
      await admin.login('boss@example.com', PASSWORD);
      const categories = await ok(admin.GET('/categories'));
      const event = (title: string, capacity: number) =>
        ok(
          admin.POST('/events', {
            body: {
              title,
              start_date: inDays(10),
              end_date: inDays(10, 18),
              capacity,
              category_id: categories.data[0]!.id,
              location: 'Main hall'
            }
          })
        );
      eventId = (await event('Spring meetup', 5)).id;
      scriptEventId = (await event('<script>alert(1)</script> night', 5)).id;
    });
    after(() => stack?.stop());

    test('the site root redirects to the console', async () => {
      const res = await fetch(`${gateway}/`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/app/');
    });

    test('a visitor sees the upcoming events, titles escaped as text', async () => {
      const page = await browser().get('/app/');
      assert.equal(page.status, 200);
      assert.match(page.body, /<html lang="en">/);
      assert.match(page.body, /Spring meetup/);
      assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; night/);
      assert.doesNotMatch(page.body, /<script>alert/);
      const own = await browser().get(`/app/events/${scriptEventId}`);
      assert.match(own.body, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt; night<\/h1>/);
      assert.equal((await browser().get('/app')).status, 200);
      // A search through htmx gets the list alone; the same URL without htmx, the whole page.
      const found = await browser().get('/app/?q=Spring', { 'hx-request': 'true', 'hx-target': 'event-list' });
      assert.match(found.body, /^<div id="event-list">/);
      assert.match(found.body, /Spring meetup/);
      assert.doesNotMatch(found.body, /night/);
      const none = await browser().get('/app/?q=nothing-like-this');
      assert.match(none.body, /No events match “nothing-like-this”/);
      // The assets: their URLs carry a content hash, so they are cached for good.
      for (const src of page.body.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)) {
        const asset = await fetch(`${gateway}${src[1]}`);
        assert.equal(asset.status, 200, src[1]);
        assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.match(asset.headers.get('content-type')!, /^(text\/(css|javascript)|image\/svg\+xml)/);
      }
      assert.equal((await fetch(`${gateway}/app/assets/console.0000.css`)).status, 404);
    });

    test('create an account, sign out, sign in with a form post, register for an event and cancel', async () => {
      const b = browser();
      const signUp = await b.get('/app/sign-up');
      const welcome = await b.post('/app/sign-up', {
        _csrf: csrfOf(signUp),
        username: 'anna',
        email: 'anna@example.com',
        password: PASSWORD,
        first_name: 'Анна'
      });
      assert.equal(welcome.status, 200);
      assert.match(welcome.body, /Your account is ready/);
      assert.match(welcome.body, /Signed in as anna/);
      // Nothing a plain user may not do is offered: no staff link.
      assert.doesNotMatch(welcome.body, /href="\/app\/staff"/);

      const out = await b.post('/app/sign-out', { _csrf: csrfOf(welcome) });
      assert.match(out.body, /You have signed out/);
      assert.equal(b.cookie('sf_session'), undefined);

      const form = await b.get('/app/sign-in');
      const wrong = await b.post('/app/sign-in', {
        _csrf: csrfOf(form),
        email: 'anna@example.com',
        password: 'nope-nope'
      });
      assert.equal(wrong.status, 422);
      assert.match(wrong.body, /role="alert"/);
      const home = await b.post('/app/sign-in', {
        _csrf: csrfOf(wrong),
        email: 'anna@example.com',
        password: PASSWORD
      });
      assert.equal(home.status, 200);
      assert.match(home.body, /Signed in as anna/);

      const eventPage = await b.get(`/app/events/${eventId}`);
      const registered = await b.post(`/app/events/${eventId}/register`, { _csrf: csrfOf(eventPage) });
      assert.equal(registered.status, 200);
      assert.match(registered.body, /Your registration:<\/strong> Confirmed/);
      const regs = await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: eventId } } }));
      const mine = regs.data.find((r) => r.status === 'confirmed');
      assert.ok(mine, 'the API holds a confirmed registration');

      // Registering again is refused by the API, and its message is shown next to the button: in the page after a
      // plain post, in the swapped panel through htmx.
      const again = await b.post(`/app/events/${eventId}/register`, { _csrf: csrfOf(registered) });
      assert.equal(again.status, 409);
      assert.match(again.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      const swapped = await b.post(
        `/app/events/${eventId}/register`,
        {},
        { 'hx-request': 'true', 'hx-target': 'registration', 'x-csrf-token': csrfOf(again) }
      );
      assert.equal(swapped.status, 200);
      assert.equal(swapped.headers.get('x-api-status'), '409');
      assert.match(swapped.body, /^<section id="registration"[^]*<div class="alert" role="alert">[^<]+<\/div>/);

      const ticket = await b.get(`/app/events/${eventId}/registrations/${mine.id}/ticket`);
      assert.equal(ticket.status, 200);
      assert.match(ticket.body, /<img src="data:image\/png;base64,/);
      const pdf = await fetch(`${gateway}/app/events/${eventId}/registrations/${mine.id}/ticket.pdf`, {
        headers: { cookie: `sf_session=${b.cookie('sf_session')}` }
      });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 4)
          .toString(),
        '%PDF'
      );

      const cancelled = await b.post(`/app/events/${eventId}/registrations/${mine.id}/cancel`, {
        _csrf: csrfOf(ticket)
      });
      assert.equal(cancelled.status, 200);
      const after = await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: eventId } } }));
      assert.equal(after.data.find((r) => r.id === mine.id)?.status, 'cancelled');

      const list = await b.get('/app/my/registrations');
      assert.equal(list.status, 200);
      assert.match(
        list.body,
        new RegExp(`<a href="/app/events/${eventId}">Spring meetup</a></td>\\s*<td>[^<]+</td>\\s*<td>Cancelled</td>`)
      );
      // Registered again, the live registration is the one shown, with its ticket.
      const back = await b.post(`/app/events/${eventId}/register`, { _csrf: csrfOf(list) });
      assert.match(back.body, /Your registration:<\/strong> Confirmed/);
      const relisted = await b.get('/app/my/registrations');
      assert.match(
        relisted.body,
        new RegExp(`<td>Confirmed · <a href="/app/events/${eventId}/registrations/\\d+/ticket">`)
      );
      assert.doesNotMatch(again.body, /Cancelled/);
      const payments = await b.get('/app/my/payments');
      assert.match(payments.body, /You have no payments/);
    });

    test('a paid event: register, pay by card through the console, the invoice as a PDF, the seat confirmed', async () => {
      const categories = await ok(admin.GET('/categories'));
      const paid = await ok(
        admin.POST('/events', {
          body: {
            title: 'Masterclass',
            start_date: inDays(12),
            end_date: inDays(12, 16),
            capacity: 3,
            category_id: categories.data[0]!.id,
            price: '50.00',
            currency: 'EUR'
          }
        })
      );
      const b = await signedIn(browser(), 'ivan');
      const page = await b.get(`/app/events/${paid.id}`);
      assert.match(page.body, /€50\.00/);
      const held = await b.post(`/app/events/${paid.id}/register`, { _csrf: csrfOf(page) });
      assert.match(held.body, /Waiting for payment/);
      const form = await b.get(`/app/events/${paid.id}/pay`);
      assert.equal(form.status, 200);
      const key = /name="key" value="([^"]+)"/.exec(form.body)![1]!;
      const paidPage = await b.post(`/app/events/${paid.id}/pay`, {
        _csrf: csrfOf(form),
        key,
        payment_method_id: '1'
      });
      assert.equal(paidPage.url, '/app/my/payments?m=completed');
      assert.match(paidPage.body, /Thank you: the payment is Paid/);
      // The same form sent again (a double click) pays once: the Idempotency-Key it carries replays the first answer.
      await b.post(`/app/events/${paid.id}/pay`, { _csrf: csrfOf(form), key, payment_method_id: '1' });
      const payments = await ok(admin.GET('/payments', { params: { query: { event_id: paid.id } } }));
      assert.equal(payments.data.length, 1);
      const invoice = /href="(\/app\/my\/payments\/\d+\/invoice\.pdf)"/.exec(paidPage.body)?.[1];
      assert.ok(invoice, 'the invoice is offered');
      const pdf = await fetch(`${gateway}${invoice}`, { headers: { cookie: `sf_session=${b.cookie('sf_session')}` } });
      assert.equal(pdf.status, 200);
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 4)
          .toString(),
        '%PDF'
      );
      await eventually(
        async () => /Your registration:<\/strong> Confirmed/.test((await b.get(`/app/events/${paid.id}`)).body),
        15_000,
        'the paid registration confirmed'
      );
    });

    test('a form post without the CSRF token, or with a wrong one, is refused and changes nothing', async () => {
      const b = await signedIn(browser(), 'boris');
      const page = await b.get(`/app/events/${scriptEventId}`);
      const token = csrfOf(page);
      const without = await b.post(`/app/events/${scriptEventId}/register`, {});
      assert.equal(without.status, 403);
      assert.match(without.body, /The form has expired/);
      const wrong = await b.post(`/app/events/${scriptEventId}/register`, { _csrf: `${token.slice(0, -2)}xx` });
      assert.equal(wrong.status, 403);
      // Another visitor's token is not this session's.
      const other = csrfOf(await browser().get('/app/sign-in'));
      assert.equal((await b.post(`/app/events/${scriptEventId}/register`, { _csrf: other })).status, 403);
      const regs = await ok(admin.GET('/events/{id}/registrations', { params: { path: { id: scriptEventId } } }));
      assert.equal(regs.data.filter((r) => r.status !== 'cancelled').length, 0, 'no registration was made');
      // The sign-in form is protected too (login CSRF).
      assert.equal(
        (await browser().post('/app/sign-in', { email: 'boris@example.com', password: PASSWORD })).status,
        403
      );
    });

    test('the session cookie is HttpOnly, SameSite=Lax, Secure outside development, under /app', async () => {
      const b = await signedIn(browser(), 'clara');
      const line = b.setCookies.find((c) => c.startsWith('sf_session=') && !/Max-Age=0/.test(c));
      assert.ok(line);
      const flags = line.split(';').map((p) => p.trim());
      for (const flag of ['HttpOnly', 'SameSite=Lax', 'Path=/app', 'Secure']) assert.ok(flags.includes(flag), flag);
    });

    test('a plain user opening a staff page gets 403; an admin gets the page', async () => {
      const b = await signedIn(browser(), 'dmitri');
      const refused = await b.get('/app/staff');
      assert.equal(refused.status, 403);
      assert.match(refused.body, /Not allowed/);
      const boss = browser();
      const form = await boss.get('/app/sign-in');
      const home = await boss.post('/app/sign-in', {
        _csrf: csrfOf(form),
        email: 'boss@example.com',
        password: PASSWORD
      });
      assert.match(home.body, /href="\/app\/staff"/);
      assert.equal((await boss.get('/app/no-such-page')).status, 404);
    });

    test('Russian when the browser asks for it, and the language switch works', async () => {
      const b = browser('ru-RU,ru;q=0.9,en;q=0.5');
      const ru = await b.get('/app/');
      assert.match(ru.body, /<html lang="ru">/);
      assert.match(ru.body, /Ближайшие мероприятия/);
      const en = await b.post('/app/language', { _csrf: csrfOf(ru), locale: 'en', back: '/app/' });
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Upcoming events/);
      assert.equal(b.cookie('sf_lang'), 'en');
    });

    test('no access or refresh token in any page; the table holds neither the id nor the tokens in the clear', async () => {
      const b = await signedIn(browser(), 'eva');
      for (const path of ['/app/', `/app/events/${eventId}`, '/app/my/profile', '/app/my/payments']) await b.get(path);
      const db = await serviceDatabase(stack, 'console');
      try {
        const sessionId = b.cookie('sf_session')!;
        const { rows } = await db.query<{ id_hash: Buffer; tokens: Buffer }>(
          'select id_hash, tokens from console_sessions'
        );
        const row = rows.find((r) => r.id_hash.equals(idHash(sessionId)));
        assert.ok(row, 'the session is kept by the hash of its id');
        assert.ok(!rows.some((r) => r.id_hash.toString('utf8').includes(sessionId)));
        const tokens = JSON.parse(deriveSessionKeys(stack.config.jwt.secret).open(row.tokens, row.id_hash)!) as {
          access_token: string;
          refresh_token: string;
        };
        assert.ok(!row.tokens.toString('latin1').includes(tokens.access_token));
        const everything = browsers.flatMap((x) => x.seen);
        assert.ok(everything.length > 20);
        for (const page of everything) {
          assert.ok(!page.body.includes(tokens.access_token), `access token in ${page.url}`);
          assert.ok(!page.body.includes(tokens.refresh_token), `refresh token in ${page.url}`);
        }
        // Signing out revokes the session at auth: its access token stops working at the API.
        await b.post('/app/sign-out', { _csrf: csrfOf(await b.get('/app/')) });
        const stale = createStyleFlowClient({ baseUrl: gateway, tokens: { access_token: tokens.access_token } });
        await eventually(async () => (await stale.GET('/auth/me')).response.status === 401, 10_000, 'token revoked');
        const left = await db.query('select 1 from console_sessions where id_hash = $1', [row.id_hash]);
        assert.equal(left.rowCount, 0);
      } finally {
        await db.end();
      }
    });

    test('a refused access token is renewed on the server once, however many requests of the session ask', async () => {
      const b = await signedIn(browser(), 'fiona');
      const db = await serviceDatabase(stack, 'console');
      try {
        const before = await sessionTokens(db, b);
        // The access token no longer works (as when it expires); the refresh token still does.
        await sealTokens(db, b, { access_token: 'not.a.token', refresh_token: before.refresh_token });
        const pages = await Promise.all(Array.from({ length: 8 }, () => b.get('/app/my/profile')));
        for (const page of pages) {
          assert.equal(page.status, 200);
          assert.match(page.body, /Signed in as fiona/);
        }
        const renewed = await sessionTokens(db, b);
        assert.notEqual(renewed.access_token, 'not.a.token');
        assert.notEqual(renewed.refresh_token, before.refresh_token);
        // One refresh, not eight: a second use of a refresh token would have ended the whole session at auth.
        assert.equal((await b.get('/app/my/registrations')).status, 200);
      } finally {
        await db.end();
      }
    });

    test('a refresh that auth refuses ends the session: back to sign-in', async () => {
      const b = await signedIn(browser(), 'gleb');
      const db = await serviceDatabase(stack, 'console');
      try {
        const hash = idHash(sessionOf(b));
        await sealTokens(db, b, { access_token: 'not.a.token', refresh_token: 'not-a-refresh-token' });
        const page = await b.get('/app/my/profile');
        assert.equal(page.url.split('?')[0], '/app/sign-in', `${page.status} ${page.body.slice(-600)}`);
        assert.match(page.body, /Your session has ended/);
        assert.equal(b.cookie('sf_session'), undefined);
        const gone = await db.query('select 1 from console_sessions where id_hash = $1', [hash]);
        assert.equal(gone.rowCount, 0);
      } finally {
        await db.end();
      }
    });

    test('an expired session is not honoured, and the sweeper deletes it', async () => {
      const b = await signedIn(browser(), 'hanna');
      const db = await serviceDatabase(stack, 'console');
      try {
        const hash = idHash(sessionOf(b));
        await db.query(`update console_sessions set expires_at = now() - interval '1 second' where id_hash = $1`, [
          hash
        ]);
        const page = await b.get('/app/my/profile');
        assert.equal(page.url.split('?')[0], '/app/sign-in');
        assert.match(page.body, /Please sign in to open that page/);
        await eventually(
          async () => (await db.query('select 1 from console_sessions where id_hash = $1', [hash])).rowCount === 0,
          10_000,
          'the expired session swept'
        );
      } finally {
        await db.end();
      }
    });

    test('every page carries the CSP and is not frameable', () => {
      const pages: Page[] = browsers.flatMap((b) => b.seen).filter((p) => p.url.startsWith('/app'));
      assert.ok(pages.length > 20);
      for (const page of pages) {
        assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, page.url);
        assert.equal(page.headers.get('x-frame-options'), 'DENY', page.url);
        assert.equal(page.headers.get('x-content-type-options'), 'nosniff', page.url);
        assert.ok(page.headers.get('referrer-policy'), page.url);
        if (page.status === 200)
          assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, `inline script in ${page.url}`);
      }
    });

    type Pair = { access_token: string; refresh_token: string };
    const sessionOf = (b: Browser) => b.cookie('sf_session') ?? assert.fail('no session cookie');

    /** The tokens the console keeps for a browser's session, opened with the key it derives. */
    async function sessionTokens(db: pg.Client, b: Browser): Promise<Pair> {
      const hash = idHash(sessionOf(b));
      const { rows } = await db.query<{ tokens: Buffer }>('select tokens from console_sessions where id_hash = $1', [
        hash
      ]);
      return JSON.parse(deriveSessionKeys(stack.config.jwt.secret).open(rows[0]!.tokens, hash)!) as Pair;
    }

    async function sealTokens(db: pg.Client, b: Browser, tokens: Pair): Promise<void> {
      const hash = idHash(sessionOf(b));
      const sealed = deriveSessionKeys(stack.config.jwt.secret).seal(JSON.stringify(tokens), hash);
      await db.query('update console_sessions set tokens = $2 where id_hash = $1', [hash, sealed]);
    }

    /** A new account, signed in through the console's forms. */
    async function signedIn(b: Browser, name: string): Promise<Browser> {
      const form = await b.get('/app/sign-up');
      const home = await b.post('/app/sign-up', {
        _csrf: csrfOf(form),
        username: name,
        email: `${name}@example.com`,
        password: PASSWORD
      });
      assert.match(home.body, new RegExp(`Signed in as ${name}`));
      return b;
    }
  });
}
