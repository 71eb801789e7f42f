// The console in a real browser (DESIGN §5): Debian's Chromium driven by Playwright, one browser for the file and a
// context per person. People sign up, sign in and work through the pages by clicking, as a person would — the seed's
// walkthrough first, then an attendee who pays, a transfer marked paid and refunded in part, a demotion, a refusal.
// Every page they open passes axe and holds no token, no Content-Security-Policy violation fires, and the main pages
// are photographed in both languages for the README (docs/screenshots/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';
import type { Browser } from 'playwright-core';
import { allTargets, modes, startStack, type Stack } from '../../../../test/support/stack.ts';
import { chromiumMissing, launchChromium, madeFor, major } from './support/chromium.ts';
import { DESKTOP, PHONE, type Person } from './support/person.ts';
import { readQr } from './support/qr.ts';
import { sweepPages, ticketPage } from './support/sweep.ts';
import { visits } from './support/visits.ts';

// The browser checks pages, not transports: one stack (the in-process bus), while console.test.ts covers both.
const mode = modes[0]!;
// The seed's event (its curl example), a few years on so that it is still ahead, priced as the seed's payment.
const SEED_EVENT = {
  title: 'Конференция по микросервисам',
  description: 'Обсуждение архитектуры микросервисов',
  start: '2030-12-01T10:00',
  end: '2030-12-01T18:00',
  location: 'Москва, ул. Примерная, 123',
  capacity: '100',
  price: '5000',
  currency: 'RUB'
};

describe('the console in Chromium', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let stack: Stack;
  const v = visits(() => ({ browser, stack }));
  const ids = { event: 0, client: 0, resource: 0, transfer: 0 };
  let boss: Person;
  let olga: Person;

  before(async () => {
    browser = await launchChromium();
    stack = await startStack(mode.mode, allTargets, {
      GATEWAY_HEALTH_INTERVAL_MS: '500',
      // Every request of every person reaches the gateway from the console's one address, and the admin opens every
      // page in several browsers: the suite checks pages, not the gateway's limits.
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      RATE_LIMIT_PER_MINUTE: '100000',
      // Nine services on one PostgreSQL server shared with other suites: a few connections each is plenty here.
      POSTGRES_POOL_MAX: '3'
    });
  });
  after(async () => {
    await v.close();
    await browser?.close();
    await stack?.stop();
  });

  const idIn = (url: string, area: string): number => Number(new RegExp(`/${area}/(\\d+)`).exec(url)?.[1]);
  const staffNavigation = (p: Person) => p.page.getByRole('navigation', { name: p.t('nav.staffArea') });
  const staffLink = (
    p: Person,
    key: 'nav.dashboard' | 'nav.staffEvents' | 'nav.clients' | 'nav.resources' | 'nav.checkIn'
  ) => staffNavigation(p).getByRole('link', { name: p.t(key), exact: true });
  const mainLink = (p: Person, key: 'nav.events' | 'nav.registrations') =>
    p.page.getByRole('navigation', { name: p.t('nav.main') }).getByRole('link', { name: p.t(key), exact: true });
  /** A text of the console with its `*` standing for a value it puts in (an amount, a code). */
  const like = (text: string): RegExp =>
    new RegExp(`^${text.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replace('*', '.+')}$`);

  test('the browser is the Chromium this Playwright release drives', () => {
    // launchChromium refused any other major version already (one line, before the stack started); this names both.
    const expected = madeFor();
    assert.equal(major(browser.version()), major(expected.chromium), `playwright-core ${expected.playwright}`);
  });

  test('the seed: the first account signs up (the admin), signs out and signs in again', async () => {
    boss = await v.person('boss');
    await v.signUp(boss, 'Иван');
    const { page, t } = boss;
    await page.getByRole('button', { name: t('nav.signOut') }).click();
    await page.getByText(t('signOut.done')).waitFor();
    await v.looked(boss, 'the sign-in page');
    await v.signIn(boss);
    await staffLink(boss, 'nav.dashboard').click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await v.looked(boss, 'the dashboard');
  });

  test('the seed: the admin creates the event', async () => {
    const { page, t } = boss;
    await staffLink(boss, 'nav.staffEvents').click();
    await v.looked(boss, 'the staff events list');
    await page.getByRole('link', { name: t('staffEvents.new') }).click();
    await v.looked(boss, 'the new event form');
    await page.getByLabel(t('staffEvents.field.title'), { exact: true }).fill(SEED_EVENT.title);
    await page.getByLabel(t('staffEvents.field.description'), { exact: true }).fill(SEED_EVENT.description);
    await page.getByLabel(t('staffEvents.field.start'), { exact: true }).fill(SEED_EVENT.start);
    await page.getByLabel(t('staffEvents.field.end'), { exact: true }).fill(SEED_EVENT.end);
    await page.getByLabel(t('staffEvents.field.location'), { exact: true }).fill(SEED_EVENT.location);
    await page.getByLabel(t('staffEvents.field.capacity'), { exact: true }).fill(SEED_EVENT.capacity);
    await page.getByLabel(t('staffEvents.field.price'), { exact: true }).fill(SEED_EVENT.price);
    await page.getByLabel(t('staffEvents.field.currency'), { exact: true }).selectOption(SEED_EVENT.currency);
    await page.getByRole('button', { name: t('staffEvents.create') }).click();
    await page.getByText(t('staffEvents.created')).waitFor();
    ids.event = idIn(page.url(), 'events');
    assert.ok(ids.event > 0, page.url());
    await page.getByRole('heading', { level: 1, name: SEED_EVENT.title }).waitFor();
    await v.looked(boss, 'the staff event page');
  });

  test('the seed: the admin adds the client «ООО Пример»', async () => {
    const { page, t } = boss;
    await staffLink(boss, 'nav.clients').click();
    await v.looked(boss, 'the clients list');
    const create = page.locator('form', { has: page.getByRole('button', { name: t('clients.create') }) });
    await create.getByLabel(t('clients.name'), { exact: true }).fill('ООО Пример');
    await create.getByLabel(t('clients.type'), { exact: true }).selectOption('organization');
    await create.getByLabel(t('clients.industry'), { exact: true }).fill('IT');
    await create.getByLabel(t('clients.description'), { exact: true }).fill('IT-компания');
    await create.getByRole('button', { name: t('clients.create') }).click();
    await page.getByRole('heading', { level: 1, name: 'ООО Пример' }).waitFor();
    ids.client = idIn(page.url(), 'clients');
    assert.ok(ids.client > 0, page.url());
    await v.looked(boss, 'the client page');
  });

  test('the seed: the admin adds the room and allocates it to the event', async () => {
    const { page, t } = boss;
    await staffLink(boss, 'nav.resources').click();
    await v.looked(boss, 'the resources list');
    const create = page.locator('form', { has: page.getByRole('button', { name: t('resources.create') }) });
    await create.getByLabel(t('resources.name'), { exact: true }).fill('Main hall');
    await create.getByRole('button', { name: t('resources.create') }).click();
    await page.getByRole('heading', { level: 1, name: 'Main hall' }).waitFor();
    ids.resource = idIn(page.url(), 'resources');
    const allocate = page.locator('form', { has: page.getByRole('button', { name: t('resources.allocateSubmit') }) });
    await allocate.getByLabel(t('resources.event'), { exact: true }).selectOption(String(ids.event));
    await allocate.getByLabel(t('resources.startUtc'), { exact: true }).fill(SEED_EVENT.start);
    await allocate.getByLabel(t('resources.endUtc'), { exact: true }).fill(SEED_EVENT.end);
    await allocate.getByRole('button', { name: t('resources.allocateSubmit') }).click();
    await page.getByText(t('resources.allocated')).waitFor();
    await v.looked(boss, 'the resource page');
    // The event's own staff page lists the room once the allocation's event has reached the event service.
    await eventually(async () => {
      await page.goto(`/app/staff/events/${ids.event}`);
      return (await page.getByRole('rowheader', { name: 'Main hall' }).count()) > 0;
    }, 10_000);
  });

  test('the seed: the admin registers for the event and pays 5000 RUB by card', async () => {
    await registerAndPay(boss, 'Card');
  });

  test('a second person (in Russian) registers for the paid event, pays, and sees the ticket', async () => {
    const maria = await v.person('maria', 'ru');
    await v.signUp(maria, 'Мария');
    await registerAndPay(maria, 'Card');
    const { page, t } = maria;
    await mainLink(maria, 'nav.registrations').click();
    await v.looked(maria, 'my registrations');
    await page.getByRole('link', { name: t('ticket.show') }).click();
    const qr = page.getByRole('img', { name: like(t('ticket.qr', { code: '*' })) });
    await qr.waitFor();
    await v.looked(maria, 'the ticket page');
    // The steward at the door reads the QR off her screen.
    ticketCode = await readQr(qr);
  });
  let ticketCode = '';

  test('the admin makes a new colleague a manager', async () => {
    olga = await v.person('olga');
    await v.signUp(olga, 'Ольга');
    assert.equal(await staffNavigation(olga).count(), 0);
    await setRole(olga, 'manager');
    // Her console offers the staff pages once the platform has the new role (SPEC: within 2 s).
    await eventually(async () => {
      await mainLink(olga, 'nav.events').click();
      return (await staffNavigation(olga).count()) > 0;
    }, 10_000);
  });

  test('a bank transfer: the manager marks it paid, the admin refunds part of it', async () => {
    const petr = await v.person('petr');
    await v.signUp(petr, 'Пётр');
    await registerAndPay(petr, 'Bank transfer');
    const { page, t } = olga;
    await v.open(olga, '/app/staff/payments?status=pending', 'the staff payments list');
    await page
      .getByRole('link', { name: like(t('dashboard.markPaidOf', { id: '*' })) })
      .first()
      .click();
    ids.transfer = idIn(page.url(), 'payments');
    await v.looked(olga, 'the mark-paid confirmation');
    await page.getByRole('button', { name: t('staffPayments.markPaidConfirm') }).click();
    await page.getByRole('heading', { level: 1, name: t('staffPayments.detailTitle', { id: ids.transfer }) }).waitFor();
    await page.getByText(t('payment.completed')).first().waitFor();
    // Refunds are the admin's (SPEC §3.6): the manager is not offered one.
    assert.equal(await page.getByRole('button', { name: t('staffPayments.refundContinue') }).count(), 0);
    await v.looked(olga, 'the staff payment page (manager)');

    const admin = boss.page;
    await v.open(boss, `/app/staff/payments/${ids.transfer}`, 'the staff payment page');
    await admin.getByLabel(t('staffPayments.refundAmount', { currency: 'RUB' }), { exact: true }).fill('1,000');
    await admin.getByLabel(t('staffPayments.refundReason'), { exact: true }).fill('Скидка');
    await admin.getByRole('button', { name: t('staffPayments.refundContinue') }).click();
    await v.looked(boss, 'the refund confirmation');
    await admin.getByRole('button', { name: like(t('staffPayments.refundConfirm', { amount: '*' })) }).click();
    await admin.getByText(t('payment.partially_refunded')).first().waitFor();
    await v.looked(boss, 'the staff payment page, refunded in part');
  });

  test('check-in at the door on a phone: the ticket read off the screen is admitted', async () => {
    const door = await v.person('boss', 'en', PHONE);
    await door.page.goto('/app/sign-in');
    await v.signIn(door);
    const { page, t } = door;
    await staffLink(door, 'nav.checkIn').click();
    await v.looked(door, 'the check-in event picker');
    await page.getByRole('link', { name: t('checkIn.open', { title: SEED_EVENT.title }) }).click();
    const code = page.getByRole('textbox', { name: t('checkIn.code') });
    await code.fill(ticketCode);
    await code.press('Enter');
    await page.getByRole('heading', { name: t('checkIn.admitted') }).waitFor();
    await v.looked(door, 'the check-in page with a verdict', 'check-in-admitted.phone');
  });

  test('the admin demotes the manager: her open console loses the staff pages on its next click', async () => {
    const { page, t } = olga;
    await v.open(olga, '/app/staff/payments', 'the staff payments list');
    await setRole(olga, 'user');
    // The role is the API's, asked on every request; wait until the platform has it (SPEC: within 2 s), then click.
    const [access] = await v.tokensOf(olga);
    const api = createStyleFlowClient({ baseUrl: stack.url('gateway'), tokens: { access_token: access! } });
    await eventually(async () => (await api.GET('/auth/me')).data?.role === 'user', 10_000, 'the demotion');
    await page
      .getByRole('link', { name: t('staffPayments.number', { id: ids.transfer }) })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: t('error.403.title') }).waitFor();
    assert.equal(await staffNavigation(olga).count(), 0, 'the staff pages are no longer offered');
    await v.looked(olga, 'the 403 page');
  });

  test('a plain user opening a staff address gets the console 403 page', async () => {
    const anna = await v.person('anna');
    await v.signUp(anna);
    assert.equal(await staffNavigation(anna).count(), 0);
    await v.open(anna, '/app/staff/payments', 'the 403 page', 'forbidden', 403);
    await anna.page.getByRole('heading', { level: 1, name: anna.t('error.403.title') }).waitFor();
  });

  test('the session cookie is HttpOnly and SameSite=Lax as the browser keeps it, and no script can read it', async () => {
    const session = (await boss.context.cookies()).find((c) => c.name === 'sf_session');
    assert.ok(session, 'the browser holds the session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/app');
    assert.equal(await boss.page.evaluate('document.cookie'), '', 'document.cookie shows no cookie at all');
  });

  for (const locale of ['en', 'ru'] as const) {
    const language = locale === 'en' ? 'English' : 'Russian';
    const who: Partial<Record<'admin' | 'visitor' | 'phone', Person>> = {};
    test(`in ${language}: the admin signs in on a desktop and on a phone`, async () => {
      for (const [role, viewport] of [
        ['admin', DESKTOP],
        ['phone', PHONE]
      ] as const) {
        who[role] = await v.person('boss', locale, viewport);
        await who[role].page.goto('/app/sign-in');
        await v.signIn(who[role]);
      }
      who.visitor = await v.person(`visitor-${locale}`, locale);
    });
    for (const entry of sweepPages)
      test(`in ${language}: ${entry.what}`, () =>
        v.open(who[entry.who]!, entry.path(ids), entry.what, entry.shot, entry.status));
    test(`in ${language}: the ticket page`, () => ticketPage(v, who.admin!));
    test(`in ${language}: the check-in page on a phone`, () =>
      v.open(who.phone!, `/app/check-in/${ids.event}`, 'the check-in page', 'check-in.phone'));
  }

  test('the CSP listener hears a violation (so its silence elsewhere means something)', async () => {
    const probe = await v.person('probe');
    await probe.page.goto('/app/');
    await probe.page.evaluate(`{
      const s = document.createElement('script');
      s.textContent = 'document.body.dataset.inlineRan = "yes"';
      document.body.append(s);
    }`);
    await eventually(() => probe.problems.some((p) => p.startsWith('CSP violation') && p.includes('script-src')), 5000);
    assert.equal(await probe.page.evaluate('document.body.dataset.inlineRan'), undefined, 'the inline script ran');
    v.people.splice(v.people.indexOf(probe), 1);
  });

  test('no Content-Security-Policy violation, script error or failed resource on any page anyone opened', () => {
    const problems = v.people.flatMap((p) => p.problems.map((line) => `${p.name}: ${line}`));
    assert.deepEqual(problems, []);
  });

  /** From the public list: the event, Register, then Pay with the method named. */
  async function registerAndPay(p: Person, method: string): Promise<void> {
    const { page, t } = p;
    await v.open(p, '/app/', 'the events page, signed in');
    await page.getByRole('link', { name: SEED_EVENT.title }).click();
    await v.looked(p, 'the event page');
    await page.getByRole('button', { name: t('event.register') }).click();
    await page.getByText(t('registration.pending_payment')).waitFor();
    await page.getByRole('link', { name: like(t('event.pay', { amount: '*' })) }).click();
    await v.looked(p, 'the pay page');
    await page.getByLabel(method, { exact: true }).check();
    await page.getByRole('button', { name: t('pay.submit'), exact: true }).click();
    const status = method === 'Card' ? 'completed' : 'pending';
    await page.getByText(t('pay.done', { status: t(`payment.${status}`) })).waitFor();
    await v.looked(p, 'my payments');
    if (method !== 'Card') return;
    // The payment confirms the held seat when its event reaches the event service.
    await eventually(async () => {
      await page.goto(`/app/events/${ids.event}`);
      return (await page.getByText(t('registration.confirmed')).count()) > 0;
    }, 10_000);
  }

  /** The admin changes someone's role on the user's page, found through the users list's search. */
  async function setRole(who: Person, role: 'user' | 'manager'): Promise<void> {
    const { page, t } = boss;
    await v.open(boss, `/app/admin/users?q=${who.name}`, 'the users list');
    await page.getByRole('link', { name: who.name, exact: true }).click();
    await v.looked(boss, 'a user page');
    await page.getByLabel(t('users.newRole'), { exact: true }).selectOption(role);
    await page.getByRole('button', { name: t('users.saveRole') }).click();
    await page.getByText(t('users.roleChanged')).waitFor();
  }
});
