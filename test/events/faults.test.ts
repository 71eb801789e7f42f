// A real fault on the event service (SPEC §4): its process is killed by SIGKILL while payment events
// stream in on Kafka. After a restart every held seat is confirmed exactly once: no payment lost, none
// applied twice, one confirmation event per registration, and the seat count exact.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { PaymentCompleted, RegistrationConfirmed, Topics } from '@style-flow/contracts';
import { createEnvelope, createKafkaTransport, signAccessToken } from '@style-flow/platform';
import { eventually, quietLogger, testConfig, uniqueName } from '@style-flow/platform/testing';
import { startProgram, type Program } from '../support/program.ts';
import { freePort, modes } from '../support/stack.ts';

const real = modes.find((m) => m.mode === 'real')!;
const HOLDS = 40;
const day = 86_400_000;

describe('event service killed while payment events arrive, PostgreSQL and Kafka', { skip: real.skip }, () => {
  test('after a restart every hold is confirmed once, with one confirmation each', async (t) => {
    const setup = testConfig('real');
    const config = setup.config;
    const transport = createKafkaTransport({ brokers: config.kafka!.brokers, topicPrefix: config.kafka!.topicPrefix, clientId: uniqueName('faults'), logger: quietLogger() });
    const programs: Program[] = [];
    t.after(async () => {
      for (const p of programs) p.child.kill('SIGKILL');
      await transport.close();
      await setup.cleanup();
    });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const start = async () => {
      const program = startProgram({ ...setup.env, EVENT_SERVICE_PORT: String(port), LOG_LEVEL: 'warn' }, ['event']);
      programs.push(program);
      await eventually(async () => (await fetch(`${base}/ready`).catch(() => null))?.status === 200, 60_000, `the event service; output:\n${program.output()}`);
      return program;
    };
    const token = (userId: number, role: 'user' | 'manager') => signAccessToken(config.jwt.secret, { userId, role, sessionId: randomUUID() }, 600);
    const call = async <T>(method: string, path: string, bearer: string): Promise<T> => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } });
      assert.ok(res.ok, `${method} ${path}: ${res.status}`);
      return (await res.json()) as T;
    };

    const first = await start();
    const manager = await token(1, 'manager');
    const created = await fetch(`${base}/events`, {
      method: 'POST', headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Paid', start_date: new Date(Date.now() + 10 * day).toISOString(), end_date: new Date(Date.now() + 11 * day).toISOString(), capacity: HOLDS, category_id: 1, price: '20.00', currency: 'EUR' })
    });
    const eventId = ((await created.json()) as { id: number }).id;
    const held: Array<{ id: number; user_id: number }> = [];
    for (let i = 0; i < HOLDS; i++) held.push(await call('POST', `/events/${eventId}/register`, await token(100 + i, 'user')));

    const paymentOf = (i: number) => ({
      id: 5000 + i, amount: '20.00', currency: 'EUR', status: 'completed' as const, refunded_amount: '0.00', user_id: 100 + i, event_id: eventId,
      client_id: null, payment_method_id: 1, description: null
    });
    const publish = (from: number, to: number) => transport.publish(Array.from({ length: to - from }, (_, k) => {
      const p = paymentOf(from + k);
      return { topic: PaymentCompleted.topic, key: String(p.id), value: JSON.stringify(createEnvelope('payment', PaymentCompleted.type, p.id, p)), headers: {} };
    }));
    const confirmed = async () => (await call<{ data: Array<{ id: number; status: string }> }>('GET', `/events/${eventId}/registrations?status=confirmed&limit=200`, manager)).data;

    // Half the payments, then the other half, and the process dies while it works through them.
    await publish(0, HOLDS / 2);
    await eventually(async () => (await confirmed()).length > 0, 60_000, 'the first confirmations');
    await publish(HOLDS / 2, HOLDS);
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');

    await start();
    // Some payments are delivered a second time after the restart (their offsets were never committed).
    await eventually(async () => (await confirmed()).length === HOLDS, 60_000, 'every hold confirmed after the restart');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const handledAfterRestart = (outcome: string) => metrics.split('\n')
      .filter((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${PaymentCompleted.type}"`) && l.includes(`outcome="${outcome}"`))
      .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    t.diagnostic(`after the restart: ${handledAfterRestart('handled')} payments applied, ${handledAfterRestart('duplicate')} redelivered and recognised as duplicates`);
    const shown = await call<{ registered_count: number; available_seats: number }>('GET', `/events/${eventId}`, manager);
    assert.deepEqual([shown.registered_count, shown.available_seats], [HOLDS, 0]);

    // The confirmations as published: the relay may send one twice, but never two different ones for a registration.
    const seen = new Map<number, Set<string>>();
    const reader = await transport.subscribe({
      group: uniqueName('reader'), topics: [Topics.eventRegistrations], handle: async (m) => {
        const e = JSON.parse(m.value) as { id: string; type: string; data: { id: number } };
        if (e.type === RegistrationConfirmed.type) seen.set(e.data.id, (seen.get(e.data.id) ?? new Set()).add(e.id));
      }
    });
    t.after(() => reader.stop());
    await eventually(() => seen.size === HOLDS, 60_000, 'a confirmation for every registration');
    assert.deepEqual([...seen.keys()].sort((a, b) => a - b), held.map((r) => r.id).sort((a, b) => a - b));
    assert.ok([...seen.values()].every((ids) => ids.size === 1), 'one confirmation event per registration');
  });
});
