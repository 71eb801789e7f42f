// Under a load of events the gateway watches (hundreds a second, with a large backlog), a logout still reaches its
// edge at once: the callers' sessions and roles have their own consumer group, so they never queue behind
// monitoring (SPEC §2, §3.7). And the load itself is applied exactly once.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { Topics } from '@style-flow/contracts';
import { createEnvelope, type OutgoingMessage } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount } from '../../../test/support/accounts.ts';
import { modes, stackFor, type Stack } from '../../../test/support/stack.ts';
import { metricsText, throughGateway } from './support/through-gateway.ts';

const BACKLOG = 30_000;
/** Kept up while the logout travels: 100 events every 200 ms. */
const LOAD_PER_TICK = 100;
const TICK_MS = 200;

/** The sum of a counter's series of one topic on a /metrics page. */
function total(text: string, metric: string, topic: string, extra = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${metric}{`) && line.includes(`topic="${topic}"`) && line.includes(extra)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

for (const m of modes) {
  describe(`a logout under an event load, ${m.name}`, { skip: m.skip }, () => {
    test('is refused at the edge while the monitoring backlog is still large, and every event is applied once', async (t) => {
      const stack: Stack = await stackFor(t, m.mode, ['auth', 'gateway']);
      const viaGateway = throughGateway(stack);
      // The first account of the system is its admin: /gateway/events is answered by the gateway alone.
      const admin = await registerAccount(viaGateway);
      const doomed = await login(viaGateway, admin);
      const watcher = await login(viaGateway, admin);
      const edge = (token: string) => stack.request('GET', 'gateway', '/gateway/events?limit=1', { token });
      await eventually(async () => (await edge(doomed.access_token)).status === 200, 30_000, 'the admin at the edge');
      const metrics = () => metricsText(stack, 'gateway', watcher.access_token);
      const applied = async () => total(await metrics(), 'gateway_events_total', Topics.clientEvents);

      let published = 0;
      const publish = async (count: number) => {
        const messages: OutgoingMessage[] = [];
        for (let i = 0; i < count; i++) {
          const subject = (published + i) % 64;
          const envelope = createEnvelope('client', 'client.updated', subject, { id: subject, load: published + i });
          messages.push({
            topic: Topics.clientEvents,
            key: String(subject),
            value: JSON.stringify(envelope),
            headers: {}
          });
        }
        await stack.transport.publish(messages);
        published += count;
      };
      for (let sent = 0; sent < BACKLOG; sent += 1000) await publish(1000);
      let loading = true;
      const load = (async () => {
        while (loading) {
          await publish(LOAD_PER_TICK);
          await sleep(TICK_MS);
        }
      })();
      t.after(async () => {
        loading = false;
        await load;
      });
      await eventually(async () => (await applied()) > 0, 60_000, 'the gateway applying the load');

      const loggedOutAt = Date.now();
      const logout = await stack.request('POST', 'gateway', '/auth/logout', { token: doomed.access_token });
      assert.equal(logout.status, 204);
      await eventually(async () => (await edge(doomed.access_token)).status === 401, 30_000, 'the logout at the edge');
      const refusedAfterMs = Date.now() - loggedOutAt;
      const appliedThen = await applied();
      const behind = published - appliedThen;
      t.diagnostic(
        `refused ${refusedAfterMs} ms after the logout, with ${behind} of ${published} events still to apply`
      );
      assert.ok(
        behind >= 5_000,
        `the logout was refused only once the backlog was down to ${behind} events (${refusedAfterMs} ms)`
      );
      // The second session of the same user is untouched.
      assert.equal((await edge(watcher.access_token)).status, 200);

      loading = false;
      await load;
      await eventually(async () => (await applied()) >= published, 180_000, 'the whole load applied');
      await sleep(1000);
      const text = await metrics();
      assert.equal(total(text, 'gateway_events_total', Topics.clientEvents), published, 'each event counted once');
      const duplicates = total(text, 'events_consumed_total', Topics.clientEvents, 'outcome="duplicate"');
      assert.equal(duplicates, 0, 'no event delivered twice to the monitoring');
    });
  });
}
