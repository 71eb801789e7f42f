// SPEC §3.7: a change is visible through the gateway within 2 s on both transports, also right after a cold start.
// The system is started as a user starts it (one process embedded; on PostgreSQL, Kafka and Redis one process per
// service, on topics and consumer groups nobody has used), and the first changes are made at the event service
// itself, not through the gateway: only the event that announces them can drop the gateway's cached page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { startSystem, type RunningSystem } from '../support/program.ts';
import { modes } from '../support/stack.ts';

const json = { 'Content-Type': 'application/json' };
const visibleWithinMs = 2000;

for (const m of modes) {
  describe(`a change through the gateway right after a cold start, ${m.name}`, { skip: m.skip }, () => {
    let system: RunningSystem;
    let gateway: string;
    let eventService: string;

    before(async () => {
      system = await startSystem(m.mode, { LOG_LEVEL: 'warn' });
      gateway = system.gateway;
      eventService = system.url('event');
    });
    after(() => system?.stop());

    const signUp = async (username: string) => {
      const account = { username, email: `${username}@example.com`, password: `${username}-password` };
      const registered = await fetch(`${gateway}/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(account)
      });
      assert.equal(registered.status, 201, await registered.clone().text());
      const login = await fetch(`${gateway}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: account.email, password: account.password })
      });
      assert.equal(login.status, 200);
      return ((await login.json()) as { access_token: string }).access_token;
    };

    /** Milliseconds until the gateway's public page of the event satisfies `shows`, polled every 25 ms. */
    const untilVisible = async (eventId: number, shows: (page: Record<string, unknown>) => boolean) => {
      const started = performance.now();
      await eventually(
        async () => shows((await (await fetch(`${gateway}/events/${eventId}`)).json()) as Record<string, unknown>),
        30_000,
        'the change on the gateway'
      );
      return Math.round(performance.now() - started);
    };

    test('a registration and an edit made at the event service show on the gateway’s cached page within 2 s', async (t) => {
      const admin = await signUp('admin1');
      const day = 86_400_000;
      const created = await fetch(`${gateway}/events`, {
        method: 'POST',
        headers: { ...json, Authorization: `Bearer ${admin}` },
        body: JSON.stringify({
          title: 'Cold start',
          start_date: new Date(Date.now() + 7 * day).toISOString(),
          end_date: new Date(Date.now() + 7 * day + 3_600_000).toISOString(),
          capacity: 5,
          category_id: 1
        })
      });
      assert.equal(created.status, 201);
      const event = (await created.json()) as { id: number };
      // Cached: answered by the gateway without asking the event service (once event.created, which drops the
      // events' pages, has come by).
      const cached = await eventually(
        async () => {
          const res = await fetch(`${gateway}/events/${event.id}`);
          return res.headers.get('x-cache') === 'HIT' ? res : null;
        },
        30_000,
        'the page cached'
      );
      assert.equal(((await cached.json()) as { registered_count: number }).registered_count, 0);

      const user = await signUp('user2');
      const registered = await fetch(`${eventService}/events/${event.id}/register`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user}` }
      });
      assert.equal(registered.status, 201, await registered.clone().text());
      const registration = await untilVisible(event.id, (page) => page.registered_count === 1);

      const edited = await fetch(`${eventService}/events/${event.id}`, {
        method: 'PUT',
        headers: { ...json, Authorization: `Bearer ${admin}` },
        body: JSON.stringify({ title: 'Cold start, edited' })
      });
      assert.equal(edited.status, 200, await edited.clone().text());
      const edit = await untilVisible(event.id, (page) => page.title === 'Cold start, edited');

      t.diagnostic(`visible through the gateway after: registration ${registration} ms, edit ${edit} ms`);
      assert.ok(registration <= visibleWithinMs, `the registration showed after ${registration} ms`);
      assert.ok(edit <= visibleWithinMs, `the edit showed after ${edit} ms`);
    });
  });
}
