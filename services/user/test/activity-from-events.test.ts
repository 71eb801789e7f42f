// The user's own history from the other services' facts (SPEC §3.2, §4): registrations from
// event-registrations, payments and refunds from payment-events, each event once however often it is
// delivered, in both modes. The facts are published as the event and payment services publish them.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  AuthUserRegistered,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationCreated,
  RegistrationPromoted,
  type CloudEvent,
  type EventData,
  type EventDefinition
} from '@style-flow/contracts';
import { createEnvelope, eventOf } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import { signedCaller, type Caller } from '../../../test/support/accounts.ts';
import { consumedIn } from '../../../test/support/event-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';
import type { PageBody } from '../../../test/support/user-client.ts';

interface ActivityBody {
  id: number;
  type: string;
  details: Record<string, unknown>;
  occurred_at: string;
}

const minute = 60_000;
const someId = () => randomInt(1, 2_000_000_000);

for (const m of modes) {
  describe(`activity from other services' events, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: Caller;

    before(async () => {
      stack = await startStack(m.mode, ['user']);
      admin = await signedCaller(stack, 'admin');
    });
    after(() => stack?.stop());

    /** Publishes a fact as its service would (CloudEvents envelope, keyed by its subject), `times` times with one id. */
    async function publish<D extends EventDefinition>(
      definition: D,
      source: string,
      subject: number,
      data: EventData<D>,
      at: Date,
      times = 1
    ): Promise<CloudEvent> {
      const fact = eventOf(definition, subject, data);
      const envelope = createEnvelope(source, fact.type, fact.subject, fact.data, at);
      for (let i = 0; i < times; i++) {
        await stack.transport.publish([
          { topic: fact.topic, key: String(fact.subject), value: JSON.stringify(envelope), headers: {} }
        ]);
      }
      return envelope;
    }

    /** The profile, as auth's `auth.user.registered` creates it. */
    const profile = (who: Caller, at = new Date()) =>
      publish(
        AuthUserRegistered,
        'auth',
        who.id,
        {
          id: who.id,
          username: `user${who.id}`,
          email: `user${who.id}@example.com`,
          first_name: null,
          last_name: null,
          role: 'user',
          registered_at: at.toISOString()
        },
        at
      );

    const activity = (token: string, id: number) =>
      stack.request<PageBody<ActivityBody>>('GET', 'user', `/users/${id}/activity?limit=200`, { token });

    /** How many events of these types the user service has consumed with an outcome, from its /metrics. */
    async function consumed(types: readonly string[], outcome: 'handled' | 'duplicate'): Promise<number> {
      const res = await fetch(`${stack.url('user')}/metrics`, { headers: { authorization: `Bearer ${admin.token}` } });
      assert.equal(res.status, 200);
      const text = await res.text();
      return types.reduce((sum, type) => sum + consumedIn(text, type, outcome), 0);
    }

    const factTypes = [
      RegistrationCreated.type,
      RegistrationConfirmed.type,
      RegistrationPromoted.type,
      RegistrationCancelled.type,
      PaymentCompleted.type,
      PaymentFailed.type,
      PaymentRefunded.type
    ];

    test('registrations, cancellations, payments and refunds appear once each, newest first, even when delivered twice', async () => {
      const ann = await signedCaller(stack);
      const bob = await signedCaller(stack);
      const start = Date.now() - 30 * minute;
      await profile(ann, new Date(start));
      await profile(bob, new Date(start));
      for (const who of [ann, bob]) {
        await eventually(async () => (await activity(who.token, who.id)).status === 200, 30_000, 'the profile');
      }
      const at = (minutes: number) => new Date(start + minutes * minute);

      // A priced event: held waiting for payment, paid, confirmed, refunded in part, then cancelled by the refund.
      const [paidEvent, freeEvent, otherEvent] = [someId(), someId(), someId()];
      const held = { id: someId(), event_id: paidEvent, user_id: ann.id, payment_id: null, cancel_reason: null };
      const payment = {
        id: someId(),
        amount: '49.90',
        currency: 'EUR',
        status: 'completed' as const,
        refunded_amount: '0',
        user_id: ann.id,
        event_id: paidEvent,
        client_id: 7,
        payment_method_id: 1,
        description: 'Workshop',
        failure_reason: null,
        invoice_number: 'SF-2026-000123'
      };
      // A free event with a waitlist, and a payment for a third event that the provider declined.
      const waiting = { id: someId(), event_id: freeEvent, user_id: ann.id, payment_id: null, cancel_reason: null };
      const declined = {
        ...payment,
        id: someId(),
        amount: '1000000.05',
        currency: 'USD',
        status: 'failed' as const,
        event_id: otherEvent,
        client_id: null,
        invoice_number: null,
        failure_reason: 'card declined'
      };
      const duplicatesBefore = await consumed(factTypes, 'duplicate');
      const facts = [
        await publish(RegistrationCreated, 'event', held.id, { ...held, status: 'pending_payment' }, at(1), 2),
        await publish(PaymentCompleted, 'payment', payment.id, payment, at(2), 2),
        await publish(
          RegistrationConfirmed,
          'event',
          held.id,
          { ...held, status: 'confirmed', payment_id: payment.id },
          at(3),
          2
        ),
        await publish(RegistrationCreated, 'event', waiting.id, { ...waiting, status: 'waitlisted' }, at(4), 2),
        await publish(RegistrationPromoted, 'event', waiting.id, { ...waiting, status: 'confirmed' }, at(5), 2),
        await publish(PaymentFailed, 'payment', declined.id, declined, at(6), 2),
        await publish(
          PaymentRefunded,
          'payment',
          payment.id,
          {
            ...payment,
            status: 'refunded',
            refunded_amount: '49.90',
            refund: { id: someId(), amount: '49.90', reason: 'changed plans', credit_note_number: 'CN-2026-000007' }
          },
          at(7),
          2
        ),
        await publish(
          RegistrationCancelled,
          'event',
          held.id,
          { ...held, status: 'cancelled', payment_id: payment.id, cancel_reason: 'payment_refunded' },
          at(8),
          2
        )
      ];
      // Every second delivery reached the service and was recognised as one it had handled.
      await eventually(
        async () => (await consumed(factTypes, 'duplicate')) - duplicatesBefore >= facts.length,
        30_000,
        'the redeliveries'
      );

      const res = await activity(ann.token, ann.id);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const refund = facts[6]!.data as EventData<typeof PaymentRefunded>;
      assert.deepEqual(
        res.body.data.map(({ type, details, occurred_at }) => ({ type, details, occurred_at })),
        [
          {
            type: 'registration_cancelled',
            details: { event_id: paidEvent, registration_id: held.id, reason: 'payment_refunded' },
            occurred_at: at(8).toISOString()
          },
          {
            type: 'refunded',
            details: {
              payment_id: payment.id,
              amount: '49.90',
              payment_amount: '49.90',
              refunded_amount: '49.90',
              currency: 'EUR',
              event_id: paidEvent,
              client_id: 7,
              refund_id: refund.refund.id,
              reason: 'changed plans',
              credit_note_number: 'CN-2026-000007'
            },
            occurred_at: at(7).toISOString()
          },
          {
            type: 'payment_failed',
            details: {
              payment_id: declined.id,
              amount: '1000000.05',
              currency: 'USD',
              event_id: otherEvent,
              client_id: null,
              reason: 'card declined'
            },
            occurred_at: at(6).toISOString()
          },
          {
            type: 'promoted_from_waitlist',
            details: { event_id: freeEvent, registration_id: waiting.id, status: 'confirmed' },
            occurred_at: at(5).toISOString()
          },
          {
            type: 'registered_for_event',
            details: { event_id: freeEvent, registration_id: waiting.id, status: 'waitlisted' },
            occurred_at: at(4).toISOString()
          },
          {
            type: 'registration_confirmed',
            details: { event_id: paidEvent, registration_id: held.id, payment_id: payment.id },
            occurred_at: at(3).toISOString()
          },
          {
            type: 'paid',
            details: {
              payment_id: payment.id,
              amount: '49.90',
              currency: 'EUR',
              event_id: paidEvent,
              client_id: 7,
              invoice_number: 'SF-2026-000123'
            },
            occurred_at: at(2).toISOString()
          },
          {
            type: 'registered_for_event',
            details: { event_id: paidEvent, registration_id: held.id, status: 'pending_payment' },
            occurred_at: at(1).toISOString()
          },
          { type: 'registered', details: {}, occurred_at: at(0).toISOString() }
        ]
      );

      // Only the user itself (and staff) reads it; to anyone else it does not exist.
      assert.equal((await activity(bob.token, ann.id)).status, 404);
      assert.deepEqual(
        (await activity(bob.token, bob.id)).body.data.map((a) => a.type),
        ['registered']
      );
      assert.equal((await activity(admin.token, ann.id)).body.data.length, 9);
    });

    test('an event that arrives before the profile is kept, and shows once the profile is there', async () => {
      const cleo = await signedCaller(stack);
      const early = new Date(Date.now() - 5 * minute);
      const registration = {
        id: someId(),
        event_id: someId(),
        user_id: cleo.id,
        payment_id: null,
        cancel_reason: null
      };
      const handledBefore = await consumed([RegistrationCreated.type], 'handled');
      await publish(RegistrationCreated, 'event', registration.id, { ...registration, status: 'confirmed' }, early);
      await eventually(
        async () => (await consumed([RegistrationCreated.type], 'handled')) > handledBefore,
        30_000,
        'the registration handled'
      );
      // No profile yet: the history is not readable, but the fact was kept, not dead-lettered.
      assert.equal((await activity(cleo.token, cleo.id)).status, 404);

      await profile(cleo);
      const types = await eventually(
        async () => {
          const res = await activity(cleo.token, cleo.id);
          return res.status === 200 ? res.body.data.map((a) => a.type) : null;
        },
        30_000,
        'the profile'
      );
      assert.deepEqual(types, ['registered', 'registered_for_event']);
    });
  });
}
