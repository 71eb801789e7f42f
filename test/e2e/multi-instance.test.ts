// Several instances, as a scaled-out deployment runs them (DESIGN rule 4, SPEC §2): two gateways and two event
// services, each a process of its own on PostgreSQL and Kafka, under a mixed load through both gateways, while one
// event service is SIGKILLed and started again and one gateway is restarted. Acknowledged work is neither lost nor
// doubled, every consumer applies every registration once, and a session ended anywhere is refused everywhere —
// within 2 s while all run, and from the first answer of an instance that was down when it ended.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openPostgresDatabase } from '@style-flow/platform';
import { eventually, kafkaBrokersFromEnv, postgresFromEnv, skipUnless, testConfig } from '@style-flow/platform/testing';
import { upstreams } from '../../services/registry.ts';
import { startProgram, type Program } from '../support/program.ts';
import { freePort } from '../support/stack.ts';

const skip = skipUnless(Boolean(postgresFromEnv() && kafkaBrokersFromEnv()), 'PostgreSQL and Kafka');
const day = 86_400_000;
const WORKERS = 6;
const PERSONS_PER_WORKER = 3;
const EVENTS = 4;
const CAPACITY = 5;
/** A bound on the load, which otherwise runs until the faults are over. */
const MAX_OPERATIONS_PER_WORKER = 2000;
const REVOCATION_BOUND_MS = 2000;

interface Answer<T> {
  status: number;
  body: T;
}

async function call<T = Record<string, unknown>>(
  url: string,
  options: { method?: string; token?: string; body?: unknown } = {}
): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {})
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: AbortSignal.timeout(15_000)
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The status of a request, or 0 when nothing answered (a process down, a connection cut). */
const statusOf = (url: string, token: string) =>
  fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) }).then(
    (r) => r.body?.cancel().then(() => r.status) ?? r.status,
    () => 0
  );

/**
 * A route each process answers itself for staff (its metrics): a proxied route would let the service behind a gateway
 * refuse a token the gateway itself still accepted.
 */
const ownVerdict = (base: string) => `${base}/metrics`;

interface Person {
  id: number;
  email: string;
  password: string;
  token: string;
}

describe('two gateways and two event services on Kafka', { skip }, () => {
  test('under a mixed load with an event service SIGKILLed and a gateway restarted: nothing lost or doubled, every logout refused everywhere', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'style-flow-instances-'));
    const env: Record<string, string> = {};
    for (const u of upstreams) {
      const port = await freePort();
      env[u.port.key] = String(port);
      env[u.urls.key] = `http://127.0.0.1:${port}`;
    }
    const eventPorts = [await freePort(), await freePort()];
    const gatewayPorts = [await freePort(), await freePort()];
    env.EVENT_SERVICE_URLS = eventPorts.map((p) => `http://127.0.0.1:${p}`).join(',');
    const setup = testConfig('real', {
      ...env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      GATEWAY_HEALTH_INTERVAL_MS: '300',
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000'
    });
    const programs = new Set<Program>();
    const start = (args: string[], extra: Record<string, string> = {}) => {
      const p = startProgram({ ...setup.env, ...extra }, args);
      programs.add(p);
      return p;
    };
    t.after(async () => {
      for (const p of programs) p.child.kill('SIGKILL');
      await Promise.all([...programs].map((p) => p.exited));
      await setup.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    });
    const others = upstreams.map((u) => u.name).filter((n) => n !== 'event');
    const startEvent = (i: number) => start(['event'], { EVENT_SERVICE_PORT: String(eventPorts[i]) });
    const startGateway = (i: number) => start(['gateway'], { GATEWAY_PORT: String(gatewayPorts[i]) });
    const rest = start(others);
    const events = [startEvent(0), startEvent(1)];
    const gateways = [startGateway(0), startGateway(1)];
    const gatewayUrl = gatewayPorts.map((p) => `http://127.0.0.1:${p}`);
    const eventUrl = eventPorts.map((p) => `http://127.0.0.1:${p}`);
    const ready = (base: string, what: string, program: Program) =>
      eventually(
        async () => (await fetch(`${base}/ready`).catch(() => null))?.status === 200,
        90_000,
        `${what} ready; its output:\n${program.output()}`
      );
    for (const name of others) await ready(env[`${name.toUpperCase()}_SERVICE_URLS`]!, name, rest);
    for (const i of [0, 1]) {
      await ready(eventUrl[i]!, `event service ${i}`, events[i]!);
      await ready(gatewayUrl[i]!, `gateway ${i}`, gateways[i]!);
    }

    // People: the first account is the admin, who creates the events; the others register and cancel.
    let serial = 0;
    const signUp = async (): Promise<Person> => {
      const tag = `p${++serial}`;
      const account = { username: `multi_${tag}`, email: `multi_${tag}@example.com`, password: `multi-${tag}-pass` };
      const made = await call<{ id: number }>(`${gatewayUrl[serial % 2]}/auth/register`, {
        method: 'POST',
        body: account
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return { id: made.body.id, email: account.email, password: account.password, token: await logIn(account) };
    };
    const logIn = async (who: { email: string; password: string; via?: string }): Promise<string> => {
      const session = await call<{ access_token: string }>(`${who.via ?? gatewayUrl[0]}/auth/login`, {
        method: 'POST',
        body: { email: who.email, password: who.password }
      });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      return session.body.access_token;
    };
    const admin = await signUp();
    const categories = await call<{ data: { id: number }[] }>(`${gatewayUrl[0]}/categories`, { token: admin.token });
    const eventIds: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const created = await call<{ id: number }>(`${gatewayUrl[i % 2]}/events`, {
        method: 'POST',
        token: admin.token,
        body: {
          title: `Instances ${i}`,
          start_date: new Date(Date.now() + 30 * day).toISOString(),
          end_date: new Date(Date.now() + 31 * day).toISOString(),
          capacity: CAPACITY,
          category_id: categories.body.data[0]!.id
        }
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      eventIds.push(created.body.id);
    }
    const persons: Person[] = [];
    for (let i = 0; i < WORKERS * PERSONS_PER_WORKER; i++) persons.push(await signUp());

    // Sessions ended while every instance runs: each must be refused by all four within the bound.
    const places = () => [
      ...gatewayUrl.map((g, i) => ({ name: `gateway ${i}`, url: ownVerdict(g) })),
      ...eventUrl.map((e, i) => ({ name: `event service ${i}`, url: ownVerdict(e) }))
    ];
    const revocationTimes: number[] = [];
    const logOutAndWatch = async (): Promise<void> => {
      const token = await logIn(admin);
      for (const place of places()) assert.equal(await statusOf(place.url, token), 200, `${place.name} before`);
      const out = await call(`${gatewayUrl[revocationTimes.length % 2]}/auth/logout`, { method: 'POST', token });
      assert.equal(out.status, 204, JSON.stringify(out.body));
      const loggedOut = performance.now();
      await Promise.all(
        places().map(async (place) => {
          await eventually(
            async () => (await statusOf(place.url, token)) === 401,
            10_000,
            `${place.name} refusing a logged-out token`
          );
          const ms = performance.now() - loggedOut;
          revocationTimes.push(ms);
          assert.ok(ms <= REVOCATION_BOUND_MS, `${place.name} refused the logged-out token after ${ms.toFixed(0)} ms`);
        })
      );
    };

    // The load: registrations, cancellations and reads, each worker alternating the gateways.
    const acknowledged = new Map<number, { person: number; event: number }>();
    const cancelled = new Set<number>();
    const answers = new Map<number, number>();
    let stopLoad = false;
    const worker = async (w: number): Promise<void> => {
      const mine = persons.slice(w * PERSONS_PER_WORKER, (w + 1) * PERSONS_PER_WORKER);
      const live = new Map<string, number>();
      for (let op = 0; op < MAX_OPERATIONS_PER_WORKER && !stopLoad; op++) {
        const gateway = gatewayUrl[(w + op) % 2]!;
        const person = mine[op % mine.length]!;
        const event = eventIds[(w + op * 7) % eventIds.length]!;
        const key = `${person.id}:${event}`;
        let status: number;
        try {
          if (op % 3 === 2) {
            status = (await call(`${gateway}/users/${person.id}`, { token: person.token })).status;
          } else if (live.has(key) && op % 2 === 0) {
            const id = live.get(key)!;
            const res = await call(`${gateway}/events/${event}/registrations/${id}`, {
              method: 'DELETE',
              token: person.token
            });
            status = res.status;
            if (status === 200 || status === 204) {
              cancelled.add(id);
              live.delete(key);
            }
          } else {
            const res = await call<{ id: number }>(`${gateway}/events/${event}/register`, {
              method: 'POST',
              token: person.token
            });
            status = res.status;
            if (status === 201) {
              acknowledged.set(res.body.id, { person: person.id, event });
              live.set(key, res.body.id);
            }
          }
        } catch {
          // Nothing answered: the gateway is down (restarting). A client would wait a moment or try the other.
          status = 0;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        answers.set(status, (answers.get(status) ?? 0) + 1);
        // Only a process going away may leave a request unanswered or refused as unavailable.
        assert.ok([0, 200, 201, 204, 409, 502, 503, 504].includes(status), `unexpected ${status}`);
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    let loadRunning = true;
    load.then(
      () => (loadRunning = false),
      () => (loadRunning = false)
    ); // awaited below; a failure is reported there

    await logOutAndWatch();

    // An event service dies mid-load; a session ends while it is down; it comes back refusing it from its first answer.
    assert.ok(loadRunning, 'the load is still running when the event service is killed');
    events[0]!.child.kill('SIGKILL');
    await events[0]!.exited;
    const endedWhileEventDown = await logIn(admin);
    assert.equal(
      (await call(`${gatewayUrl[0]}/auth/logout`, { method: 'POST', token: endedWhileEventDown })).status,
      204
    );
    await eventually(
      async () => (await statusOf(ownVerdict(eventUrl[1]!), endedWhileEventDown)) === 401,
      10_000,
      'the surviving event service refusing the session'
    );
    events[0] = startEvent(0);
    const eventFirst = await eventually(
      () => statusOf(ownVerdict(eventUrl[0]!), endedWhileEventDown),
      90_000,
      `the restarted event service answering; its output:\n${events[0].output()}`
    );
    assert.equal(
      eventFirst,
      401,
      'the restarted event service refuses, from its first answer, a session ended while it was down'
    );
    await ready(eventUrl[0]!, 'the restarted event service', events[0]);

    await logOutAndWatch();

    // A gateway restarts; a session ends while it is down; its first answer refuses it.
    assert.ok(loadRunning, 'the load is still running when a gateway restarts');
    assert.equal((await gateways[1]!.stop()).code, 0, gateways[1]!.output());
    const endedWhileGatewayDown = await logIn(admin);
    assert.equal(
      (await call(`${gatewayUrl[0]}/auth/logout`, { method: 'POST', token: endedWhileGatewayDown })).status,
      204
    );
    gateways[1] = startGateway(1);
    const gatewayFirst = await eventually(
      () => statusOf(ownVerdict(gatewayUrl[1]!), endedWhileGatewayDown),
      90_000,
      `the restarted gateway answering; its output:\n${gateways[1].output()}`
    );
    assert.equal(
      gatewayFirst,
      401,
      'the restarted gateway refuses, from its first answer, a session ended while it was down'
    );
    await ready(gatewayUrl[1]!, 'the restarted gateway', gateways[1]);

    await logOutAndWatch();
    stopLoad = true;
    await load;

    // Every gateway down while a session ends: none of them applied it to their shared table, so the one that starts
    // must read it from Kafka (its group's backlog) before it answers anyone.
    for (const g of gateways) assert.equal((await g.stop()).code, 0, g.output());
    const endedWhileNoGateway = await logIn({ ...admin, via: env.AUTH_SERVICE_URLS! });
    const out = await call(`${env.AUTH_SERVICE_URLS}/auth/logout`, { method: 'POST', token: endedWhileNoGateway });
    assert.equal(out.status, 204);
    gateways[0] = startGateway(0);
    const coldFirst = await eventually(
      () => statusOf(ownVerdict(gatewayUrl[0]!), endedWhileNoGateway),
      90_000,
      `the gateway started alone answering; its output:\n${gateways[0].output()}`
    );
    assert.equal(coldFirst, 401, 'a gateway whose every instance was down catches up before its first answer');
    gateways.splice(1, 1);
    t.diagnostic(
      `answers: ${JSON.stringify(Object.fromEntries(answers))}; logouts refused everywhere after ` +
        `${Math.max(...revocationTimes).toFixed(0)} ms at most (${revocationTimes.length} observations)`
    );
    assert.ok((answers.get(201) ?? 0) > 20, 'the load registered people');

    // What was acknowledged is there, once; seats add up; every consumer applied every registration once.
    const eventDb = await openPostgresDatabase(
      setup.config.postgres!,
      `event_service${setup.config.postgres!.databaseSuffix}`
    );
    const userDb = await openPostgresDatabase(
      setup.config.postgres!,
      `user_service${setup.config.postgres!.databaseSuffix}`
    );
    t.after(async () => {
      await eventDb.close();
      await userDb.close();
    });
    const rows = (
      await eventDb.query<{ id: string; event_id: string; user_id: string; status: string }>(
        'select id, event_id, user_id, status from registrations where event_id = any($1)',
        [eventIds]
      )
    ).rows;
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const [id, made] of acknowledged) {
      const row = byId.get(id);
      assert.ok(row, `acknowledged registration ${id} is kept`);
      assert.equal(Number(row.user_id), made.person);
      assert.equal(Number(row.event_id), made.event);
      if (cancelled.has(id)) assert.equal(row.status, 'cancelled', `registration ${id} was cancelled`);
    }
    for (const event of eventIds) {
      const [seats] = (
        await eventDb.query<{ seats_taken: number; capacity: number }>(
          'select seats_taken, capacity from events where id = $1',
          [event]
        )
      ).rows;
      const mine = rows.filter((r) => Number(r.event_id) === event);
      const holding = mine.filter((r) => r.status === 'confirmed' || r.status === 'pending_payment').length;
      assert.equal(seats!.seats_taken, holding, `event ${event}: the seat count matches its registrations`);
      assert.ok(holding <= CAPACITY, `event ${event}: ${holding} seats of ${CAPACITY}`);
      if (mine.some((r) => r.status === 'waitlisted'))
        assert.equal(holding, CAPACITY, `event ${event}: nobody waits while a seat is free`);
      const liveUsers = mine.filter((r) => r.status !== 'cancelled').map((r) => r.user_id);
      assert.equal(new Set(liveUsers).size, liveUsers.length, `event ${event}: nobody holds two live registrations`);
    }
    await eventually(
      async () => {
        const recorded = (
          await userDb.query<{ registration_id: string; n: number }>(
            `select details->>'registration_id' as registration_id, count(*)::int as n
               from activity where type = 'registered_for_event' group by 1`
          )
        ).rows;
        const counts = new Map(recorded.map((r) => [Number(r.registration_id), r.n]));
        for (const [id, n] of counts)
          assert.equal(n, 1, `registration ${id} recorded ${n} times in the user's history`);
        return rows.every((r) => counts.get(Number(r.id)) === 1);
      },
      60_000,
      "every registration in the user's history exactly once"
    );

    for (const p of [...events, ...gateways, rest]) assert.equal((await p.stop()).code, 0, p.output());
  });
});
