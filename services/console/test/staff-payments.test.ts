// The staff dashboard (/app/staff) and the staff payments pages through the gateway, as a browser uses them: real
// form posts with the cookie followed, against the whole system on each transport. Asserted: what a person sees,
// what the API then holds, and who may do what (a plain user nothing, a manager no refund).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';
import { allTargets, modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.ts';
import { parseAmount } from '../src/pages/staff-payments/parse-amount.ts';
import { csrfOf, openBrowser, type Browser } from './support/browser.ts';

const PASSWORD = 'password-0123';
const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe('amounts as people write them', () => {
  test('Russian and English forms become the API’s plain decimal; a guess is refused', () => {
    assert.equal(parseAmount('1 500,50', 'ru'), '1500.50');
    assert.equal(parseAmount('1\u00a0500,50', 'ru'), '1500.50');
    assert.equal(parseAmount('1\u202f500,5', 'ru'), '1500.5');
    assert.equal(parseAmount('1500.50', 'ru'), '1500.50');
    assert.equal(parseAmount('1,500.50', 'en'), '1500.50');
    assert.equal(parseAmount('1 500.50', 'en'), '1500.50');
    assert.equal(parseAmount('0042', 'en'), '42');
    for (const [input, locale] of [
      ['1,50', 'en'],
      ['1.500,50', 'ru'],
      ['12 34', 'ru'],
      ['-5', 'en'],
      ['1e3', 'en'],
      ['', 'en'],
      ['abc', 'ru']
    ] as const)
      assert.equal(parseAmount(input, locale), null, `${input} (${locale})`);
  });
});

for (const m of modes) {
  describe(`staff dashboard and payments, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let gateway: string;
    let admin: StyleFlowClient;
    let ivan: StyleFlowClient;
    let eventId: number;
    let transferId: number;
    let cardRubId: number;
    const browsers: Browser[] = [];

    const account = async (username: string) => {
      const anyone = createStyleFlowClient({ baseUrl: gateway });
      const me = await ok(
        anyone.POST('/auth/register', { body: { username, email: `${username}@example.com`, password: PASSWORD } })
      );
      const client = createStyleFlowClient({ baseUrl: gateway });
      await client.login(`${username}@example.com`, PASSWORD);
      return { id: me.id, client };
    };
    /** A browser signed in through the console's own form. */
    const signIn = async (username: string, language = 'en') => {
      const b = openBrowser(gateway, language);
      browsers.push(b);
      const form = await b.get('/app/sign-in');
      const home = await b.post('/app/sign-in', {
        _csrf: csrfOf(form),
        email: `${username}@example.com`,
        password: PASSWORD
      });
      assert.equal(home.status, 200);
      return b;
    };
    const payment = (id: number) => ok(admin.GET('/payments/{id}', { params: { path: { id } } }));

    before(async () => {
      stack = await startStack(m.mode, allTargets, { GATEWAY_HEALTH_INTERVAL_MS: '500' });
      gateway = stack.url('gateway');
      // The first account of an empty system is its admin (SPEC §2).
      admin = (await account('boss')).client;
      ivan = (await account('ivan')).client;
      const mila = await account('mila');
      // The user service learns of a new account from auth's event: the profile may not be there at once.
      await eventually(
        async () =>
          (await admin.PUT('/users/{id}', { params: { path: { id: mila.id } }, body: { role: 'manager' } })).response
            .ok,
        30_000,
        'mila to be made a manager'
      );
      await eventually(
        async () => (await mila.client.GET('/auth/me')).data?.role === 'manager',
        30_000,
        'mila to be a manager'
      );
      const categories = await ok(admin.GET('/categories'));
      const event = await ok(
        admin.POST('/events', {
          body: {
            title: 'Осенняя конференция',
            start_date: inDays(10),
            end_date: inDays(10, 18),
            capacity: 1,
            category_id: categories.data[0]!.id
          }
        })
      );
      eventId = event.id;
      // One seat: ivan takes it, mila waits.
      await ok(ivan.POST('/events/{id}/register', { params: { path: { id: eventId } }, body: {} }));
      await ok(mila.client.POST('/events/{id}/register', { params: { path: { id: eventId } }, body: {} }));
      const pay = (amount: string, currency: 'RUB' | 'EUR', method: number) =>
        ok(
          ivan.POST('/payments', {
            body: { amount, currency, payment_method_id: method, description: 'Оплата участия в конференции' }
          })
        );
      transferId = (await pay('1500.50', 'RUB', 2)).id;
      cardRubId = (await pay('2000.00', 'RUB', 1)).id;
      await pay('100.00', 'EUR', 1);
      assert.equal((await payment(transferId)).status, 'pending');
      assert.equal((await payment(cardRubId)).status, 'completed');
    });
    after(() => stack?.stop());

    test('a plain user gets 403 on every staff URL, and a form post changes nothing', async () => {
      const b = await signIn('ivan');
      for (const path of [
        '/app/staff',
        '/app/staff/payments',
        `/app/staff/payments/${transferId}`,
        `/app/staff/payments/${transferId}/mark-paid`,
        `/app/staff/payments/${cardRubId}/invoice.pdf`,
        '/app/staff/payments/ledger',
        '/app/staff/payments.csv',
        '/app/staff/payments/ledger.csv'
      ]) {
        const page = await b.get(path);
        assert.equal(page.status, 403, path);
        assert.match(page.body, /Not allowed/, path);
      }
      const token = csrfOf(await b.get('/app/my/payments'));
      assert.equal((await b.post(`/app/staff/payments/${transferId}/mark-paid`, { _csrf: token })).status, 403);
      assert.equal(
        (await b.post(`/app/staff/payments/${cardRubId}/refund`, { _csrf: token, confirm: 'yes' })).status,
        403
      );
      assert.equal((await payment(transferId)).status, 'pending');
      assert.equal((await payment(cardRubId)).refunded_amount, '0.00');
      assert.doesNotMatch((await b.get('/app/')).body, /href="\/app\/staff"/);
    });

    test('the dashboard: seats of capacity, waiting list, revenue per currency as SVG, pending payments, events', async () => {
      const b = await signIn('boss');
      // Something happens now, so the last minute has it.
      await ok(ivan.POST('/payments', { body: { amount: '10.00', currency: 'EUR', payment_method_id: 3 } }));
      const page = await eventually(
        async () => {
          const p = await b.get('/app/staff');
          return /payment\.created/.test(p.body) ? p : null;
        },
        20_000,
        'the last minute’s events to show payment.created'
      );
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>Staff dashboard<\/h1>/);
      assert.match(page.body, /Осенняя конференция<\/a><\/th>\s*<td>[^<]+<\/td>\s*<td>1 of 1<\/td>\s*<td>1<\/td>/);
      // Revenue per currency: 2000 RUB and 100 EUR charged by card; the transfer is not paid yet.
      assert.match(page.body, /<th scope="row">RUB<\/th>\s*<td>RUB\s2,000\.00<\/td>/);
      assert.match(page.body, /<th scope="row">EUR<\/th>\s*<td>€100\.00<\/td>/);
      // Charts: server-drawn SVG, labelled, each bar with a title, and the figures as a table.
      assert.match(
        page.body,
        /<svg[^>]*role="img"[^>]*aria-labelledby="chart-registrations-title chart-registrations-desc"/
      );
      assert.match(page.body, /<svg[^>]*aria-labelledby="chart-revenue-rub-title/);
      assert.match(page.body, /<rect\s[^>]*fill="#0b57d0"[^>]*>\s*<title>[^<]+: RUB\s2,000\.00<\/title>/);
      assert.match(page.body, /<details>\s*<summary>Show the figures as a table<\/summary>/);
      assert.doesNotMatch(page.body, /\sstyle=/, 'no inline style');
      assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      // Pending payments to mark paid: the transfer and the cash payment, each with its way to the confirmation.
      assert.match(page.body, new RegExp(`href="/app/staff/payments/${transferId}/mark-paid"`));
      // Admins see failed messages and webhooks (none here) in their own sections.
      assert.match(page.body, /<h2 id="failed-messages-h">Failed messages<\/h2>\s*<p class="empty">/);
      assert.match(page.body, /<h2 id="failed-webhooks-h">Failed webhooks<\/h2>/);

      // htmx refreshes the live part alone.
      const part = await b.get('/app/staff', { 'hx-request': 'true', 'hx-target': 'recent-events' });
      assert.equal(part.status, 200);
      assert.match(part.body, /^<section id="recent-events"/);
      assert.doesNotMatch(part.body, /<html/);
    });

    test('a manager: dashboard without messages and webhooks, the list, mark paid with a confirmation, no refund', async () => {
      const b = await signIn('mila');
      const dash = await b.get('/app/staff');
      assert.equal(dash.status, 200);
      assert.doesNotMatch(dash.body, /Failed messages/);
      // The waiting list of another organiser's event is not the manager's to see.
      assert.match(dash.body, /<td>1 of 1<\/td>\s*<td>—<\/td>/);

      const list = await b.get('/app/staff/payments?status=pending');
      assert.equal(list.status, 200);
      assert.match(list.body, new RegExp(`No\\. ${transferId}</a>`));
      assert.doesNotMatch(list.body, new RegExp(`No\\. ${cardRubId}</a>`));
      const fragment = await b.get('/app/staff/payments?status=completed', {
        'hx-request': 'true',
        'hx-target': 'payment-list'
      });
      assert.match(fragment.body, /^<div id="payment-list">/);
      assert.match(fragment.body, new RegExp(`No\\. ${cardRubId}</a>`));
      const typo = await b.get('/app/staff/payments?event_id=abc');
      assert.match(typo.body, /role="alert">These filters were not understood and are not applied: Event number\./);

      const confirm = await b.get(`/app/staff/payments/${transferId}/mark-paid`);
      assert.match(confirm.body, /Has RUB\s1,500\.50 by Bank transfer from User no\. \d+ been received\?/i);
      const done = await b.post(`/app/staff/payments/${transferId}/mark-paid`, { _csrf: csrfOf(confirm) });
      assert.equal(done.status, 200);
      assert.match(done.body, /The payment is marked paid\./);
      assert.equal((await payment(transferId)).status, 'completed');
      // Again: the API refuses (no longer pending), and its own message is shown next to the button.
      const again = await b.post(`/app/staff/payments/${transferId}/mark-paid`, { _csrf: csrfOf(done) });
      assert.equal(again.status, 409);
      assert.match(again.body, /<div class="alert" role="alert">[^<]+<\/div>/);

      // No refund is offered to a manager, and a refund posted anyway is refused before the API is asked.
      assert.doesNotMatch(done.body, /name="amount"/);
      const refused = await b.post(`/app/staff/payments/${transferId}/refund`, {
        _csrf: csrfOf(done),
        amount: '1',
        confirm: 'yes'
      });
      assert.equal(refused.status, 403);
      assert.equal((await payment(transferId)).refunded_amount, '0.00');
    });

    test('an admin refunds in part in Russian, beyond what remains is the API’s message, the rest in English', async () => {
      const ru = await signIn('boss', 'ru-RU,ru;q=0.9');
      const detail = await ru.get(`/app/staff/payments/${cardRubId}`);
      assert.equal(detail.status, 200);
      assert.match(detail.body, /<html lang="ru">/);
      assert.match(detail.body, /<h1>Платёж № \d+<\/h1>/);
      assert.match(detail.body, /Сумма возврата \(RUB\)/);

      const confirm = await ru.post(`/app/staff/payments/${cardRubId}/refund`, {
        _csrf: csrfOf(detail),
        amount: '1 500,25',
        reason: 'Не смог приехать'
      });
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /Вернуть 1\s500,25\s₽ из оплаченных 2\s000,00\s₽\?/);
      assert.equal((await payment(cardRubId)).refunded_amount, '0.00', 'nothing is refunded before the confirmation');
      const refunded = await ru.post(`/app/staff/payments/${cardRubId}/refund`, {
        _csrf: csrfOf(confirm),
        amount: /name="amount" value="([^"]*)"/.exec(confirm.body)![1]!,
        reason: 'Не смог приехать',
        key: /name="key" value="([^"]*)"/.exec(confirm.body)![1]!,
        confirm: 'yes'
      });
      assert.equal(refunded.status, 200);
      assert.match(refunded.body, /Возврат выполнен\./);
      assert.match(refunded.body, /Не смог приехать/);
      assert.equal((await payment(cardRubId)).refunded_amount, '1500.25');

      // More than remains (499.75): the API refuses, and its message is shown next to the refund form.
      const tooMuch = await ru.post(`/app/staff/payments/${cardRubId}/refund`, {
        _csrf: csrfOf(refunded),
        amount: '600',
        confirm: 'yes',
        key: crypto.randomUUID()
      });
      assert.equal(tooMuch.status, 409);
      assert.match(
        tooMuch.body,
        /<section aria-labelledby="refund-h">\s*<h2 id="refund-h">Возврат<\/h2>\s*<div class="alert" role="alert">[^<]+<\/div>/
      );
      assert.equal((await payment(cardRubId)).refunded_amount, '1500.25');

      const en = await signIn('boss');
      const page = await en.get(`/app/staff/payments/${cardRubId}`);
      const unclear = await en.post(`/app/staff/payments/${cardRubId}/refund`, { _csrf: csrfOf(page), amount: '1,50' });
      assert.equal(unclear.status, 400);
      assert.match(unclear.body, /“1,50” is not an amount/);
      const all = await en.post(`/app/staff/payments/${cardRubId}/refund`, { _csrf: csrfOf(page), amount: '' });
      assert.match(all.body, /Refund everything that remains, RUB\s499\.75\?/);
      const rest = await en.post(`/app/staff/payments/${cardRubId}/refund`, {
        _csrf: csrfOf(all),
        amount: '',
        key: /name="key" value="([^"]*)"/.exec(all.body)![1]!,
        confirm: 'yes'
      });
      assert.match(rest.body, /The refund is made\./);
      const after = await payment(cardRubId);
      assert.equal(after.status, 'refunded');
      assert.equal(after.refunded_amount, '2000.00');
      // Both credit notes are listed with the invoice, and no refund is offered any more.
      assert.equal((rest.body.match(/Credit note [^:<]+: RUB/g) ?? []).length, 2);
      assert.doesNotMatch(rest.body, /name="amount"/);
    });

    test('the invoice PDF is passed through with the API’s type and file name', async () => {
      const b = await signIn('boss');
      const invoice = await ok(admin.GET('/payments/{id}/invoice', { params: { path: { id: cardRubId } } }));
      const res = await fetch(`${gateway}/app/staff/payments/${cardRubId}/invoice.pdf`, {
        headers: { cookie: `sf_session=${b.cookie('sf_session')}` }
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(res.headers.get('content-disposition'), `inline; filename="${invoice.number}.pdf"`);
      assert.equal(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        '%PDF-'
      );
      // A payment without an invoice yet: the page says so, and its PDF is the 404 page.
      const pending = await ok(
        ivan.POST('/payments', { body: { amount: '5.00', currency: 'EUR', payment_method_id: 3 } })
      );
      assert.match((await b.get(`/app/staff/payments/${pending.id}`)).body, /No invoice yet/);
      assert.equal((await b.get(`/app/staff/payments/${pending.id}/invoice.pdf`)).status, 404);
      assert.equal((await b.get('/app/staff/payments/999999')).status, 404);
    });

    test('staff bill a client: the payment is the client’s, made once however often the form is sent', async () => {
      const client = await ok(admin.POST('/clients', { body: { name: 'ООО Пример', type: 'organization' } }));
      const b = await signIn('boss', 'ru-RU,ru;q=0.9');
      const form = await b.get(`/app/staff/payments/new?client_id=${client.id}`);
      assert.equal(form.status, 200);
      assert.match(form.body, /Выставить счёт клиенту/);
      assert.match(form.body, new RegExp(`<option value="${client.id}"\\s+selected`));
      const key = /name="key" value="([0-9a-f-]{36})"/.exec(form.body)![1]!;
      const sent = { _csrf: csrfOf(form), key, client_id: String(client.id), event_id: '', currency: 'RUB' };
      const typo = await b.post('/app/staff/payments/new', { ...sent, amount: '5 000,5x', payment_method_id: '2' });
      assert.equal(typo.status, 400);
      assert.match(typo.body, /это не сумма/);
      const done = await b.post('/app/staff/payments/new', { ...sent, amount: '5 000', payment_method_id: '2' });
      assert.equal(done.status, 200);
      assert.match(done.url, /^\/app\/staff\/payments\/\d+\?m=billed$/);
      const id = Number(/payments\/(\d+)/.exec(done.url)![1]);
      const again = await b.post('/app/staff/payments/new', { ...sent, amount: '5000', payment_method_id: '2' });
      assert.equal(again.url, done.url, 'the same key: the same payment');
      const billed = await payment(id);
      assert.equal(billed.client_id, client.id);
      assert.equal(Number(billed.amount), 5000);
      assert.equal(billed.currency, 'RUB');
      assert.equal(billed.status, 'pending', 'a bank transfer waits to be marked paid');
      const plain = await signIn('ivan');
      assert.equal((await plain.get('/app/staff/payments/new')).status, 403);
    });

    test('the ledger with its filters, and both CSV exports', async () => {
      const b = await signIn('boss');
      const ledger = await b.get(`/app/staff/payments/ledger?payment_id=${cardRubId}`);
      assert.equal(ledger.status, 200);
      assert.match(ledger.body, /<td>Charge<\/td>/);
      assert.match(ledger.body, /<td>Refund<\/td>/);
      assert.match(ledger.body, /−RUB\s1,500\.25|-RUB\s1,500\.25/);
      const refundsOnly = await b.get(`/app/staff/payments/ledger?payment_id=${cardRubId}&kind=refund`);
      assert.doesNotMatch(refundsOnly.body, /<td>Charge<\/td>/);

      const everything = await ok(admin.GET('/payments', { params: { query: { limit: 200 } } }));
      const csv = await b.get('/app/staff/payments.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type')!, /^text\/csv/);
      assert.match(csv.headers.get('content-disposition')!, /attachment; filename="payments\.csv"/);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(
        lines[0],
        'id,created_at,status,amount,refunded_amount,currency,method,method_type,user_id,event_id,client_id,description,invoice_number,settled_at,failure_reason'
      );
      assert.equal(lines.length, everything.data.length + 1);
      assert.ok(
        lines.some((l) => l.startsWith(`${cardRubId},`) && l.includes(',refunded,2000,2000,RUB,')),
        'the refunded payment'
      );
      assert.ok(
        lines.some((l) => l.includes('Оплата участия в конференции')),
        'Cyrillic as written'
      );

      const pendingCsv = await b.get('/app/staff/payments.csv?status=pending');
      const pendingLines = pendingCsv.body.trimEnd().split('\r\n').slice(1);
      assert.ok(pendingLines.length >= 1);
      assert.ok(pendingLines.every((l) => l.split(',')[2] === 'pending'));

      const ledgerCsv = await b.get(`/app/staff/payments/ledger.csv?payment_id=${cardRubId}`);
      const rows = ledgerCsv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(rows[0], 'id,created_at,kind,amount,currency,payment_id,refund_id,user_id,event_id,client_id');
      // A refund is a plain negative number, not a neutralised formula.
      assert.ok(
        rows.some((r) => r.includes(',refund,-1500.25,RUB,')),
        rows.join('\n')
      );
      assert.equal((await b.get('/app/staff/payments.csv?from=2026-02-31')).status, 400);
    });

    test('every staff page carries the CSP and no inline script or style', () => {
      const pages = browsers.flatMap((b) => b.seen).filter((p) => p.url.startsWith('/app/staff'));
      assert.ok(pages.length > 20);
      for (const page of pages) {
        assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, page.url);
        assert.equal(page.headers.get('x-frame-options'), 'DENY', page.url);
        if (/text\/html/.test(page.headers.get('content-type') ?? '')) {
          assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, `inline script in ${page.url}`);
          assert.doesNotMatch(page.body, /\sstyle=/, `inline style in ${page.url}`);
        }
      }
    });
  });
}
