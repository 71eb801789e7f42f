// A client's timeline (SPEC §3.5): manual entries staff log and edit, and system entries written from other
// services' events, each consumed event once — payments with their amounts and the client's totals, the
// client's events, a contact registering — on the embedded backends and across Kafka with PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  EventCancelled,
  EventCreated,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  RegistrationCreated,
  UserCreated,
  UserUpdated
} from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  clientEvent,
  clientPayment,
  clientServiceClient,
  nextTestId,
  type Activity,
  type Page
} from '../../../test/support/client-client.ts';
import { consumedIn } from '../../../test/support/event-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

for (const m of modes) {
  describe(`client service: timeline, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    const api = clientServiceClient(() => stack);
    let manager: Caller;
    let admin: Caller;
    const systemEntries = async (clientId: number, count: number) =>
      eventually(
        async () => {
          const entries = await api.timeline(manager, clientId, '&source=system');
          return entries.length >= count ? entries : null;
        },
        30_000,
        `${count} system entries on client ${clientId}`
      );
    const consumed = async (type: string, outcome: string) => {
      const res = await fetch(`${stack.url('client')}/metrics`, {
        headers: { authorization: `Bearer ${admin.token}` }
      });
      return consumedIn(await res.text(), type, outcome);
    };

    before(async () => {
      stack = await startStack(m.mode, ['client']);
      [manager, admin] = await Promise.all([api.caller('manager'), api.caller('admin')]);
    });
    after(() => stack?.stop());

    test('staff log manual entries (201 + Location) and edit them; newest first, filtered, in pages', async () => {
      const c = await api.create(manager);
      const log = (body: Record<string, unknown>) =>
        api.call<Activity>('POST', `/clients/${c.id}/activity`, manager, body);
      const call = await log({ type: 'call', description: 'Intro call', occurred_at: '2024-01-10T10:00:00' });
      assert.equal(call.status, 201, JSON.stringify(call.body));
      assert.equal(call.headers.get('location'), `/clients/${c.id}/activity/${call.body.id}`);
      assert.deepEqual([call.body.source, call.body.occurred_at], ['manual', '2024-01-10T10:00:00.000Z']);
      const meeting = await log({ type: 'meeting', description: 'On site', occurred_at: '2024-02-01T09:30:00+03:00' });
      const note = await log({ type: 'note', description: 'Prefers email' });
      assert.ok(Math.abs(Date.parse(note.body.occurred_at) - Date.now()) < 60_000, 'occurred_at defaults to now');

      const ids = async (query: string) => (await api.timeline(manager, c.id, query)).map((a) => a.id);
      assert.deepEqual(await ids(''), [note.body.id, meeting.body.id, call.body.id]);
      assert.deepEqual(await ids('&type=meeting'), [meeting.body.id]);
      assert.deepEqual(await ids('&source=manual&from=2024-01-01&to=2024-01-31T23:59:59Z'), [call.body.id]);
      assert.deepEqual(await ids('&source=system'), []);

      const first = await api.call<Page<Activity>>('GET', `/clients/${c.id}/activity?limit=2`, manager);
      const rest = await api.call<Page<Activity>>(
        'GET',
        `/clients/${c.id}/activity?limit=2&cursor=${first.body.next_cursor}`,
        manager
      );
      assert.deepEqual(
        [...first.body.data, ...rest.body.data].map((a) => a.id),
        [note.body.id, meeting.body.id, call.body.id]
      );
      assert.equal(rest.body.next_cursor, null);

      const edited = await api.call<Activity>('PUT', `/clients/${c.id}/activity/${call.body.id}`, admin, {
        description: 'Intro call, went well',
        type: 'email'
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual([edited.body.type, edited.body.description], ['email', 'Intro call, went well']);
      assert.equal(edited.body.occurred_at, call.body.occurred_at);
      const read = await api.call<Activity>('GET', `/clients/${c.id}/activity/${call.body.id}`, manager);
      assert.equal(read.body.description, 'Intro call, went well');

      const bad = [
        { type: 'payment_completed', description: 'forged' },
        { type: 'call', description: '' },
        { type: 'call', description: 'x', occurred_at: '2030-02-30T10:00:00Z' },
        { type: 'call', description: 'x', source: 'system' }
      ];
      for (const body of bad) assert.equal((await log(body)).status, 400, JSON.stringify(body));
      assert.equal((await api.call('GET', `/clients/${c.id}/activity?from=2030-13-01`, manager)).status, 400);
      assert.equal((await api.call('GET', `/clients/${c.id}/activity/${call.body.id + 1000}`, manager)).status, 404);
    });

    test('a payment for the client shows on its timeline and in its totals; refunds and failures too', async () => {
      const c = await api.create(manager);
      // Amounts as the payment service writes them, with the currency's minor unit: summed without rounding.
      const paid = clientPayment(c.id, { amount: '5000.00', currency: 'RUB', description: 'Sponsorship' });
      await api.publish(PaymentCompleted, 'payment', paid.id, paid);
      const second = clientPayment(c.id, { amount: '0.10', currency: 'RUB' });
      await api.publish(PaymentCompleted, 'payment', second.id, second);
      const euros = clientPayment(c.id, { amount: '49.90', currency: 'EUR' });
      const dinars = clientPayment(c.id, { amount: '1.255', currency: 'KWD' });
      await api.publish(PaymentCompleted, 'payment', dinars.id, dinars);
      await api.publish(PaymentCompleted, 'payment', euros.id, euros);
      await api.publish(PaymentRefunded, 'payment', euros.id, {
        ...euros,
        status: 'partially_refunded',
        refunded_amount: '10.00',
        refund: { id: 1, amount: '10.00', reason: 'one seat unused' }
      });
      const declined = clientPayment(c.id, { amount: '100.00', status: 'failed', failure_reason: 'card declined' });
      await api.publish(PaymentFailed, 'payment', declined.id, declined);

      const entries = await systemEntries(c.id, 6);
      const byPayment = (id: number, type: string) => entries.find((e) => e.payment_id === id && e.type === type);
      const completed = byPayment(paid.id, 'payment_completed');
      assert.ok(completed, JSON.stringify(entries));
      assert.deepEqual([completed.amount, completed.currency], ['5000.00', 'RUB']);
      assert.match(completed.description, /5000.00 RUB completed \(Sponsorship\)/);
      assert.equal(byPayment(euros.id, 'payment_refunded')?.amount, '10.00');
      assert.match(byPayment(declined.id, 'payment_failed')!.description, /card declined/);

      const totals = (await api.client(manager, c.id)).totals;
      assert.deepEqual(totals, [
        { currency: 'EUR', paid: '49.90', refunded: '10.00' },
        { currency: 'KWD', paid: '1.255', refunded: '0.000' },
        { currency: 'RUB', paid: '5000.10', refunded: '0.00' }
      ]);
      const edit = await api.call<{ code: string }>('PUT', `/clients/${c.id}/activity/${completed.id}`, manager, {
        description: 'edited'
      });
      assert.deepEqual([edit.status, edit.body.code], [422, 'ACTIVITY_NOT_EDITABLE']);
    });

    test('a redelivered event (the same id twice) is logged and counted once', async () => {
      const c = await api.create(manager);
      const before = await consumed(PaymentCompleted.type, 'duplicate');
      const paid = clientPayment(c.id, { amount: '250.00', currency: 'USD' });
      await api.publish(PaymentCompleted, 'payment', paid.id, paid, 2);
      await eventually(
        async () => (await consumed(PaymentCompleted.type, 'duplicate')) > before,
        30_000,
        'the duplicate'
      );
      const entries = await api.timeline(manager, c.id);
      assert.equal(entries.length, 1, JSON.stringify(entries));
      assert.deepEqual((await api.client(manager, c.id)).totals, [
        { currency: 'USD', paid: '250.00', refunded: '0.00' }
      ]);
    });

    test("an event created and cancelled for the client shows on its timeline; another client's does not", async () => {
      const c = await api.create(manager);
      const other = await api.create(manager);
      const event = clientEvent(c.id, { title: 'Partner summit', start_date: '2031-05-20T09:00:00.000Z' });
      await api.publish(EventCreated, 'event', event.id, event);
      await api.publish(EventCancelled, 'event', event.id, { ...event, status: 'cancelled' });
      const unrelated = clientEvent(null);
      await api.publish(EventCreated, 'event', unrelated.id, unrelated);
      const entries = await systemEntries(c.id, 2);
      assert.deepEqual(
        entries.map((e) => [e.type, e.event_id, e.description]),
        [
          ['event_cancelled', event.id, 'Event «Partner summit» on 2031-05-20 cancelled'],
          ['event_created', event.id, 'Event «Partner summit» on 2031-05-20 scheduled']
        ]
      );
      assert.deepEqual(await api.timeline(manager, other.id), []);
    });

    test('a contact registering for an event (matched by email, any case) shows on each of its clients', async () => {
      const [a, b, elsewhere] = [await api.create(manager), await api.create(manager), await api.create(manager)];
      const userId = nextTestId();
      const user = {
        id: userId,
        username: `u${userId}`,
        email: `old.${userId}@example.com`,
        first_name: null,
        last_name: null,
        role: 'user' as const,
        status: 'active' as const
      };
      const [usersBefore, eventsBefore] = [
        await consumed(UserUpdated.type, 'handled'),
        await consumed(EventCreated.type, 'handled')
      ];
      await api.publish(UserCreated, 'user', userId, user);
      // The user's email changes; contacts are matched with the email it has now.
      await api.publish(UserUpdated, 'user', userId, { ...user, email: `Olga.${userId}@Example.com` });
      const olgaAtA = await api.addContact(manager, a.id, { name: 'Olga', email: `olga.${userId}@example.com` });
      await api.addContact(manager, b.id, { name: 'Olga B', email: `OLGA.${userId}@EXAMPLE.COM` });
      await api.addContact(manager, elsewhere.id, { name: 'Old Olga', email: `old.${userId}@example.com` });
      const event = clientEvent(null, { title: 'Spring meetup' });
      await api.publish(EventCreated, 'event', event.id, event);
      // Other topics: the registration is sent once the user's email and the event's title are known here.
      await eventually(async () => (await consumed(UserUpdated.type, 'handled')) > usersBefore, 30_000, 'the user');
      await eventually(async () => (await consumed(EventCreated.type, 'handled')) > eventsBefore, 30_000, 'the event');

      const registration = { id: nextTestId(), event_id: event.id, user_id: userId, status: 'confirmed' as const };
      await api.publish(RegistrationCreated, 'event', registration.id, registration);
      const [atA] = await systemEntries(a.id, 1);
      assert.deepEqual(
        [atA!.type, atA!.contact_id, atA!.event_id, atA!.description],
        ['event_registration', olgaAtA.id, event.id, 'Olga registered for «Spring meetup»']
      );
      await systemEntries(b.id, 1);
      assert.deepEqual(await api.timeline(manager, elsewhere.id), [], 'the old email matches no more');
    });

    test('effects addressed to a merged client land on the client that took it over; unknown clients are skipped', async () => {
      const into = await api.create(manager);
      const from = await api.create(manager);
      const early = clientPayment(from.id, { amount: '100.00', currency: 'EUR' });
      await api.publish(PaymentCompleted, 'payment', early.id, early);
      await systemEntries(from.id, 1);
      const merged = await api.call('POST', `/clients/${into.id}/merge`, manager, { from_id: from.id });
      assert.equal(merged.status, 200);

      const late = clientPayment(from.id, { amount: '20.00', currency: 'EUR' });
      await api.publish(PaymentCompleted, 'payment', late.id, late);
      const event = clientEvent(from.id);
      await api.publish(EventCreated, 'event', event.id, event);
      const nobody = clientPayment(2_147_000_000, { amount: '1.00' });
      await api.publish(PaymentCompleted, 'payment', nobody.id, nobody);

      const entries = await systemEntries(into.id, 3);
      assert.deepEqual(
        entries.map((e) => e.client_id),
        [into.id, into.id, into.id]
      );
      assert.deepEqual((await api.client(manager, into.id)).totals, [
        { currency: 'EUR', paid: '120.00', refunded: '0.00' }
      ]);
      assert.deepEqual((await api.client(manager, from.id)).totals, []);
      await eventually(async () => (await consumed(PaymentCompleted.type, 'handled')) >= 3, 30_000, 'all handled');
      assert.equal(await consumed(PaymentCompleted.type, 'dead_lettered'), 0);
    });
  });
}
