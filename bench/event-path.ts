// The event path under load, every party in its own process (the services, the gateway) on PostgreSQL and Kafka:
// registrations, cancellations, profile changes and logins through the gateway, while
//  - the gateway's consumer must keep up with every event the system produces (its lag back to 0 soon after), and
//  - a logout must be refused within 2 s at every instance that checks tokens, however large the monitoring backlog:
//    at the gateway's edge, and at the user and event services called on their own ports (each keeps its own
//    principal table, fed by its own consumer of the auth events).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@style-flow/platform/testing';
import { call } from './json-call.ts';
import { benchBackends, benchConfig, startProgram, type Program } from './processes.ts';
import { percentile, table, timing } from './stats.ts';

const day = 86_400_000;
const WORKERS = 8;
const USERS = 24;
const CATCH_UP_LIMIT_MS = 120_000;

/** The sum of a metric's samples on a Prometheus page (optionally only those with a label). */
async function metricSum(url: string, metric: string, label = ''): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if ((line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) && line.includes(label)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

interface Person {
  id: number;
  email: string;
  password: string;
  token: string;
}

async function signUp(gateway: string, tag: string): Promise<Person> {
  const account = { username: `load_${tag}`, email: `load_${tag}@example.com`, password: `load-${tag}-password` };
  const registered = await call<{ id: number }>(`${gateway}/auth/register`, { method: 'POST', body: account });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const session = await call<{ access_token: string }>(`${gateway}/auth/login`, {
    method: 'POST',
    body: { email: account.email, password: account.password }
  });
  if (session.status !== 200) throw new Error(`login: ${session.status}`);
  return { id: registered.body.id, email: account.email, password: account.password, token: session.body.access_token };
}

export async function eventPath(): Promise<void> {
  const seconds = timing.seconds(20);
  console.log(
    `\n## Event path: the gateway's consumer and the edge's revocations under a load of registrations, cancellations, profile changes and logins (${WORKERS} workers, ${seconds} s)`
  );
  const backends = benchBackends();
  if (backends.mode !== 'real') {
    console.log(
      'skipped: needs POSTGRES_HOST and KAFKA_BOOTSTRAP_SERVERS (the gateway hears the services only through Kafka)'
    );
    return;
  }
  console.log(`backends: ${backends.description}`);
  const config = benchConfig({
    RATE_LIMIT_PER_MINUTE: '10000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000000',
    OUTBOX_POLL_INTERVAL_MS: '1000'
  });
  let services: Program | undefined;
  let gateway: Program | undefined;
  try {
    services = await startProgram('services', ['auth', 'user', 'event'], config.env);
    const upstreams = Object.fromEntries(
      ['auth', 'user', 'event'].map((s) => [`${s.toUpperCase()}_SERVICE_URLS`, services!.url(s)])
    );
    gateway = await startProgram('gateway', ['gateway'], { ...config.env, ...upstreams });
    const edge = gateway.url('gateway');

    const admin = await signUp(edge, 'admin');
    await eventually(
      async () => (await call(`${edge}/users/${admin.id}`, { token: admin.token })).status === 200,
      60_000,
      'the admin profile'
    );
    const eventIds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await call<{ id: number }>(`${edge}/events`, {
        method: 'POST',
        token: admin.token,
        body: {
          title: `Load event ${i}`,
          start_date: new Date(Date.now() + 30 * day).toISOString(),
          end_date: new Date(Date.now() + 31 * day).toISOString(),
          capacity: 1_000_000,
          category_id: 1
        }
      });
      if (created.status !== 201) throw new Error(`create event: ${created.status} ${JSON.stringify(created.body)}`);
      eventIds.push(created.body.id);
    }
    const people: Person[] = [];
    for (let i = 0; i < USERS; i++) people.push(await signUp(edge, `u${i}`));
    const leaver = await signUp(edge, 'leaver');
    await eventually(
      async () => (await call(`${edge}/users/${people.at(-1)!.id}`, { token: people.at(-1)!.token })).status === 200,
      60_000,
      'the profiles'
    );

    const published = () => metricSum(services!.metricsUrl, 'outbox_events_published_total');
    const seen = () => metricSum(gateway!.metricsUrl, 'gateway_events_total');
    const publishedBefore = await published();

    // The load: each worker takes its people in turn through register, cancel, a profile change, now and then a login.
    const stopAt = performance.now() + seconds * 1000;
    const operations = { ok: 0, failed: 0 };
    const worker = async (w: number) => {
      for (let n = 0; performance.now() < stopAt; n++) {
        const person = people[(w + n * WORKERS) % people.length]!;
        const eventId = eventIds[n % eventIds.length]!;
        const registered = await call<{ id: number }>(`${edge}/events/${eventId}/register`, {
          method: 'POST',
          token: person.token
        });
        const steps = [registered.status === 201];
        if (registered.status === 201) {
          const cancelled = await call(`${edge}/events/${eventId}/registrations/${registered.body.id}`, {
            method: 'DELETE',
            token: person.token
          });
          steps.push(cancelled.status === 204 || cancelled.status === 200);
        }
        const changed = await call(`${edge}/users/${person.id}`, {
          method: 'PUT',
          token: person.token,
          body: { first_name: `Name${n % 1000}` }
        });
        steps.push(changed.status === 200);
        if (n % 10 === 0) {
          const again = await call(`${edge}/auth/login`, {
            method: 'POST',
            body: { email: person.email, password: person.password }
          });
          steps.push(again.status === 200);
        }
        for (const ok of steps) operations[ok ? 'ok' : 'failed']++;
      }
    };

    // Meanwhile, once a second: a new session of one user, ended, and the time until each place refuses it. Each place
    // answers the live session with something other than 401: the gateway's own staff route a 403 (a user is not
    // staff), the user service the user's profile, the event service the user's registrations of an event.
    const places: { name: string; url: string; live: number }[] = [
      { name: 'the gateway (edge)', url: `${edge}/gateway/events?limit=1`, live: 403 },
      { name: 'the user service, its own port', url: `${services.url('user')}/users/${leaver.id}`, live: 200 },
      {
        name: 'the event service, its own port',
        url: `${services.url('event')}/events/${eventIds[0]!}/registrations?limit=1`,
        live: 200
      }
    ];
    const refusals: number[][] = places.map(() => []);
    const lags: number[] = [];
    const revoker = async () => {
      // At least one, however short the load.
      for (let first = true; first || performance.now() < stopAt - 1000; first = false) {
        const session = await call<{ access_token: string }>(`${edge}/auth/login`, {
          method: 'POST',
          body: { email: leaver.email, password: leaver.password }
        });
        if (session.status !== 200) throw new Error(`login: ${session.status}`);
        const token = session.body.access_token;
        const probe = async (url: string) => (await call(url, { token })).status;
        for (const place of places)
          await eventually(
            async () => (await probe(place.url)) === place.live,
            30_000,
            `the new session at ${place.name}`
          );
        const loggedOut = performance.now();
        const out = await call(`${edge}/auth/logout`, { method: 'POST', token });
        if (out.status !== 204) throw new Error(`logout: ${out.status}`);
        await Promise.all(
          places.map(async (place, i) => {
            while ((await probe(place.url)) !== 401) {
              if (performance.now() - loggedOut > 60_000) throw new Error(`the logout never reached ${place.name}`);
              await sleep(10);
            }
            refusals[i]!.push(performance.now() - loggedOut);
          })
        );
        lags.push((await published()) - (await seen()));
        await sleep(1000);
      }
    };
    const started = performance.now();
    await Promise.all([...Array.from({ length: WORKERS }, (_, w) => worker(w)), revoker()]);
    const loadSeconds = (performance.now() - started) / 1000;
    const producedDuringLoad = (await published()) - publishedBefore;
    const lagAtEnd = (await published()) - (await seen());

    // After the load: how long until the gateway has seen everything the services published.
    const ended = performance.now();
    let caughtUpMs = Number.NaN;
    while (performance.now() - ended < CATCH_UP_LIMIT_MS) {
      if ((await seen()) >= (await published())) {
        caughtUpMs = performance.now() - ended;
        break;
      }
      await sleep(100);
    }
    console.log(
      table(
        ['figure', 'value', 'target'],
        [
          [
            'operations through the gateway',
            `${operations.ok} ok, ${operations.failed} failed in ${loadSeconds.toFixed(1)} s`,
            ''
          ],
          ['events produced by the services', `${(producedDuringLoad / loadSeconds).toFixed(0)}/s`, ''],
          [
            "gateway consumer's lag (events) while the load ran",
            `median ${percentile(
              [...lags].sort((a, b) => a - b),
              50
            )}, max ${Math.max(...lags)}`,
            ''
          ],
          ['lag when the load ended', String(lagAtEnd), ''],
          [
            'lag back to 0 after the load ended',
            Number.isNaN(caughtUpMs)
              ? `not within ${CATCH_UP_LIMIT_MS / 1000} s`
              : `${(caughtUpMs / 1000).toFixed(1)} s`,
            `≤ 10 s ${caughtUpMs <= 10_000 ? 'met' : 'NOT met'}`
          ],
          ...places.map((place, i) => {
            const sorted = [...refusals[i]!].sort((a, b) => a - b);
            const p99 = percentile(sorted, 99);
            return [
              `logout → refused at ${place.name} (${sorted.length} logouts)`,
              `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
              `p99 ≤ 2000 ms ${p99 <= 2000 ? 'met' : 'NOT met'}`
            ];
          })
        ]
      )
    );
    console.log(
      "lag = events the services published (outbox_events_published_total) minus events the gateway has seen (gateway_events_total), read from both processes' metrics listeners."
    );
    console.log(
      'logout → refused: from the logout answered (through the gateway) to the first 401 at each place, each polled every 10 ms with the ended token; the user and event services are called on their own ports, not through the gateway.'
    );
  } finally {
    await gateway?.stop();
    await services?.stop();
    await config.cleanup();
  }
}
