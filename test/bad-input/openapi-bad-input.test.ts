// Bad input on every operation of every service's OpenAPI document (SPEC §1), generated from the documents
// themselves: for each operation a valid baseline request, then hundreds of requests that are each invalid in
// one way (NUL, ids outside 1..2^31−1, impossible timestamps, non-finite numbers, crafted cursors, deep or
// large JSON, unknown and missing fields, malformed bodies, the HTTP server's own limits). Every one must get
// a 4xx application/problem+json whose `status` is the HTTP status and whose `detail` is a string, and none
// may change what the services hold. All wrong answers are collected and reported together, grouped by
// operation and kind of input, with one example request each. A new operation is walked without a change here.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { login, registerAccount } from '../support/accounts.ts';
import { allTargets, modes, startStack, type Stack, type Target } from '../support/stack.ts';
import {
  operationsOf,
  probesFor,
  type Baseline,
  type CursorSample,
  type OpenApiDoc,
  type Operation,
  type Probe
} from './generate.ts';
import { deref, schemaAt, validValue, type ValueContext } from './schema.ts';
import { inPool, judge, sender, type Outcome } from './send.ts';

// Every service the stack can run but the gateway, which has no document of its own (it proxies the
// others'): a service added to the registry is walked with no change here.
const services = allTargets.filter((t) => t !== 'gateway');

const CONCURRENCY = 8;
const SEED = 20_240_601;

interface Group {
  op: string;
  cls: string;
  sent: number;
  failed: number;
  /** Answers to the wrong-answered requests, `500 application/problem+json` → count. */
  seen: Map<string, number>;
  /** Answers to all requests of the group. */
  all: Map<string, number>;
  wrong: Set<string>;
  where: Set<string>;
  example?: { probe: Probe; outcome: Outcome };
  /** A few more of the wrong-answered requests, shortly. */
  more: string[];
}

function printable(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length <= max ? shown : `${shown.slice(0, max - 50)}…(${shown.length} chars)…${shown.slice(-40)}`;
}

const answerOf = (o: Outcome) =>
  o.status === null ? 'no answer' : `${o.status} ${o.contentType.split(';')[0] || '(no content-type)'}`;

function describeOutcome(o: Outcome): string {
  if (o.status === null) return `no answer: ${o.error}`;
  const body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return `${answerOf(o)} ${printable(body ?? '', 200)}`;
}

/** A request in a few words: the path and query, or the body when the path is the baseline's. */
function shortly(probe: Probe): string {
  const part = probe.where.startsWith('body') && probe.body !== undefined ? probe.body : probe.url;
  return printable(part, 70);
}

/** Where two texts first differ, with some context of each. */
function difference(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  const from = Math.max(0, i - 60);
  return `before …${printable(before.slice(from, i + 100), 200)}… after …${printable(after.slice(from, i + 100), 200)}…`;
}

const counts = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

function report(groups: Map<string, Group>, sent: number): string {
  const failing = [...groups.values()].filter((g) => g.failed > 0);
  const failed = failing.reduce((n, g) => n + g.failed, 0);
  const lines = [`${failed} of ${sent} requests were answered wrongly, in ${failing.length} groups.`, ''];
  const byClass = new Map<string, { ops: Set<string>; failed: number; seen: Map<string, number> }>();
  for (const g of failing) {
    const c = byClass.get(g.cls) ?? { ops: new Set(), failed: 0, seen: new Map() };
    c.ops.add(g.op);
    c.failed += g.failed;
    for (const [k, n] of g.seen) c.seen.set(k, (c.seen.get(k) ?? 0) + n);
    byClass.set(g.cls, c);
  }
  lines.push('By kind of input:');
  for (const [cls, c] of [...byClass].sort((a, b) => b[1].failed - a[1].failed))
    lines.push(`  ${cls}: ${c.failed} wrong on ${c.ops.size} operations${c.seen.size ? ` — ${counts(c.seen)}` : ''}`);
  lines.push('', 'By operation (one example each):');
  const byOp = new Map<string, Group[]>();
  for (const g of failing) byOp.set(g.op, [...(byOp.get(g.op) ?? []), g]);
  for (const [op, list] of byOp) {
    lines.push(op);
    for (const g of list) {
      const where = [...g.where];
      const shownWhere = where.length > 4 ? `${where.slice(0, 4).join(', ')}, +${where.length - 4}` : where.join(', ');
      if (!g.example) {
        lines.push(`  ${g.cls} [${shownWhere}]:`);
        for (const w of g.wrong) lines.push(`    ${w}`);
        continue;
      }
      lines.push(`  ${g.cls} [${shownWhere}]: ${g.failed}/${g.sent} wrong — ${[...g.wrong].join('; ')}`);
      const { probe, outcome } = g.example;
      const body = probe.body === undefined ? '' : ` ${printable(probe.body)}`;
      const ct = probe.headers['content-type'] ? ` [${probe.headers['content-type']}]` : '';
      lines.push(`    e.g. ${probe.method} ${printable(probe.url, 160)}${ct}${body}`);
      lines.push(`      → ${describeOutcome(outcome)}`);
      if (g.more.length > 0) lines.push(`    also ${g.more.join('; ')}${g.failed > g.more.length + 1 ? '; …' : ''}`);
    }
  }
  return lines.join('\n');
}

/** Every kind of input with the answers it got, right or wrong: what the services do today. */
function answers(groups: Map<string, Group>): string {
  const byClass = new Map<string, Map<string, number>>();
  for (const g of groups.values()) {
    const m = byClass.get(g.cls) ?? new Map<string, number>();
    for (const [k, n] of g.all) m.set(k, (m.get(k) ?? 0) + n);
    byClass.set(g.cls, m);
  }
  return [...byClass]
    .filter(([, m]) => m.size > 0)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([cls, m]) => `  ${cls}: ${counts(m)}`)
    .join('\n');
}

const singular = (word: string) =>
  word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;
const fillPath = (template: string, values: Record<string, string>) =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? '1'));
const hasParam = (op: Operation, name: string, where = 'query') =>
  op.params.some((p) => p.in === where && p.name === name);
const itemsOf = (body: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(body) ? body : ((body as { data?: unknown } | null)?.data ?? [])) as Array<Record<string, unknown>>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const m of modes) {
  describe(`every operation of every OpenAPI document refuses generated bad input, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    // The webhooks the walk makes deliver here (a loopback target the stack allows), and every delivery succeeds
    // at once: no retry changes what the services hold while the walk compares their state.
    const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    let receiver = '';
    before(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      stack = await startStack(m.mode, services, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    });
    after(async () => {
      await stack?.stop();
      server.close();
    });

    test('4xx problem+json for every invalid request, and no change of state', { timeout: 600_000 }, async (t) => {
      const started = Date.now();
      const groups = new Map<string, Group>();
      const groupOf = (op: string, cls: string) => {
        const key = `${op}\u0001${cls}`;
        let g = groups.get(key);
        if (!g) {
          g = {
            op,
            cls,
            sent: 0,
            failed: 0,
            seen: new Map(),
            all: new Map(),
            wrong: new Set(),
            where: new Set(),
            more: []
          };
          groups.set(key, g);
        }
        return g;
      };
      const fail = (op: string, cls: string, where: string, wrong: string[]) => {
        const g = groupOf(op, cls);
        g.sent++;
        g.failed++;
        g.where.add(where);
        for (const w of wrong) g.wrong.add(w);
      };
      const judged = (probe: Probe, outcome: Outcome) => {
        const g = groupOf(probe.op, probe.cls);
        const answer = answerOf(outcome);
        g.sent++;
        g.all.set(answer, (g.all.get(answer) ?? 0) + 1);
        const wrong = judge(probe, outcome);
        if (wrong.length === 0) return;
        g.failed++;
        g.where.add(probe.where);
        for (const w of wrong) g.wrong.add(w);
        g.seen.set(answer, (g.seen.get(answer) ?? 0) + 1);
        if (!g.example) g.example = { probe, outcome };
        else if (g.more.length < 6) g.more.push(`${shortly(probe)} → ${answer}`);
      };

      // The callers: the first account of an empty system is its admin (SPEC §2), so that authorization
      // never hides validation; a second, plain account is the user the walk's /users/{id} requests name.
      const adminAccount = await registerAccount(stack);
      const admin = (await login(stack, adminAccount)).access_token;
      const me = await stack.request<{ role: string }>('GET', 'auth', '/auth/me', { token: admin });
      assert.equal(me.body.role, 'admin', 'the first account of an empty system is its admin');
      const member = await registerAccount(stack);
      const authorization = { authorization: `Bearer ${admin}` };
      const get = (service: Target, path: string) => stack.request('GET', service, path, { token: admin });

      const docs = new Map<string, OpenApiDoc>();
      for (const service of services) {
        const res = await fetch(`${stack.url(service)}/openapi.json`);
        assert.equal(res.status, 200, `${service} serves /openapi.json`);
        docs.set(service, (await res.json()) as OpenApiDoc);
      }
      const ops = services.flatMap((s) => operationsOf(s, docs.get(s)!, (x) => deref(x, docs.get(s)!)));
      assert.ok(ops.length > 0, 'the documents list operations');

      // Objects the walk's requests name: one per collection, by the collection's path template, and by the
      // field name that points at it (`/categories` → category_id).
      const known = new Map<string, number>();
      const knownIds = new Map<string, number>();
      const remember = (collection: string, id: number) => {
        if (!known.has(collection)) known.set(collection, id);
        const last = collection
          .split('/')
          .filter((s) => s && !s.startsWith('{'))
          .at(-1);
        if (last && !knownIds.has(`${singular(last)}_id`)) knownIds.set(`${singular(last)}_id`, id);
      };
      let counter = 0;
      let day = 0;
      const values: ValueContext = {
        knownId: (name) => knownIds.get(name),
        next: () => ++counter,
        nextDay: () => day++,
        receiver
      };
      remember('/users', member.id);
      // The profile the user service makes from auth's event.
      for (let i = 0; i < 100 && (await get('user', `/users/${member.id}`)).status !== 200; i++) await sleep(100);

      const opOf = (service: string, method: string, path: string) =>
        ops.find((o) => o.service === service && o.method === method && o.path === path);
      /** The values of an operation's path parameters: known objects, or the first item of their collection. */
      const resolve = async (
        op: Operation,
        patient = false
      ): Promise<{ values: Record<string, string>; missing: string[] }> => {
        const values: Record<string, string> = {};
        const missing: string[] = [];
        const segments = op.path.split('/');
        for (let i = 0; i < segments.length; i++) {
          const name = /^\{(.+)\}$/.exec(segments[i]!)?.[1];
          if (!name) continue;
          const collection = segments.slice(0, i).join('/');
          // Some objects are made by events (a webhook's deliveries): a patient look asks the list again a while.
          for (let tries = 0; !known.has(collection) && tries < (patient ? 50 : 1); tries++) {
            if (tries > 0) await sleep(100);
            const list = opOf(op.service, 'GET', collection);
            const query = list && hasParam(list, 'limit') ? '?limit=200' : '';
            const res = await get(op.service as Target, fillPath(collection, values) + query);
            const id = itemsOf(res.body).find((x) => typeof x.id === 'number')?.id;
            if (typeof id === 'number') remember(collection, id);
          }
          const id = known.get(collection);
          if (id === undefined) missing.push(name);
          values[name] = String(id ?? 1);
        }
        return { values, missing };
      };

      // Setup, from the documents: each collection that can be created (POST where GET lists) gets two
      // objects (two, so that its list gives out a cursor); then each action on an object (a POST under a
      // path parameter that is no collection, such as /events/{id}/register) is done twice.
      // A create whose body carries a ticket's signed `code` (a check-in) takes it from a ticket, after the actions.
      const needsTicket = (o: Operation) => o.body?.required?.includes('code') === true;
      const creates = ops.filter(
        (o) => o.method === 'POST' && opOf(o.service, 'GET', o.path) && o.body && !needsTicket(o)
      );
      for (let pass = 0; pass < 3; pass++) {
        for (const op of creates) {
          if (known.has(op.path)) continue;
          const needs = Object.keys(op.body!.properties ?? {}).filter(
            (k) => k.endsWith('_id') && op.body!.required?.includes(k) && !knownIds.has(k)
          );
          if (needs.length > 0 && pass < 2) continue;
          const { values: params } = await resolve(op);
          for (let copy = 0; copy < 2; copy++) {
            const body = validValue('', op.body!, values);
            const res = await stack.request('POST', op.service as Target, fillPath(op.path, params), {
              token: admin,
              body
            });
            if (res.status === 201 && typeof res.body.id === 'number') remember(op.path, res.body.id);
            else if (pass === 2 && !known.has(op.path))
              fail(op.name, 'setup: creating an object', 'body', [
                `${res.status} ${printable(JSON.stringify(res.body))}`
              ]);
          }
        }
      }
      for (const op of ops.filter((o) => o.method === 'POST' && o.path.includes('{') && !creates.includes(o))) {
        const { values: params } = await resolve(op);
        // Twice: with the required fields, then with all (an admin registers itself, then the user it names).
        for (const every of [false, true]) {
          const body = op.body ? validValue('', op.body, values, every) : undefined;
          await stack.request('POST', op.service as Target, fillPath(op.path, params), { token: admin, body });
        }
      }
      for (const op of ops.filter((o) => o.method === 'POST' && needsTicket(o))) {
        const ticketOp = ops.find((o) => o.service === op.service && o.method === 'GET' && o.path.endsWith('/ticket'));
        const { values: params } = await resolve(ticketOp ?? op);
        const ticket = await get(op.service as Target, fillPath(ticketOp?.path ?? op.path, params));
        const code = (ticket.body as { code?: unknown } | null)?.code;
        const body = { ...(validValue('', op.body!, values) as Record<string, unknown>), code };
        const res = await stack.request('POST', op.service as Target, fillPath(op.path, params), {
          token: admin,
          body
        });
        if (res.status === 201 && typeof res.body.id === 'number') remember(op.path, res.body.id);
        else
          fail(op.name, 'setup: creating an object from a ticket', 'body', [
            `${ticket.status} ${res.status} ${printable(JSON.stringify(res.body))}`
          ]);
      }

      // The valid baseline of each operation, and what its list's cursors look like.
      const baselines = new Map<Operation, Baseline>();
      const cursors = new Map<Operation, CursorSample>();
      for (const op of ops) {
        const { values: path, missing } = await resolve(op, true);
        if (missing.length > 0) fail(op.name, 'setup: no object for a path parameter', missing.join(', '), []);
        const examples = Object.fromEntries(
          op.params.filter((p) => p.in === 'query').map((p) => [p.name, String(validValue(p.name, p.schema, values))])
        );
        const query = op.params
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => [p.name, examples[p.name]!] as [string, string]);
        const body = op.body ? validValue('', op.body, values) : undefined;
        baselines.set(op, { path, query, examples, body, headers: authorization });
        if (op.method === 'GET' && hasParam(op, 'cursor') && hasParam(op, 'limit')) {
          const res = await get(op.service as Target, `${fillPath(op.path, path)}?limit=1`);
          const next = (res.body as { next_cursor?: unknown } | null)?.next_cursor;
          let sample: CursorSample = { kind: 'unknown' };
          if (typeof next === 'string') {
            try {
              sample = { kind: 'json', value: JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) };
            } catch {
              sample = { kind: 'opaque' };
            }
          }
          cursors.set(op, sample);
        }
      }

      // What the services hold, as every GET the walk can make says it (lists at their largest page, and the
      // known objects and their sub-lists), once it has stopped changing.
      const reads = ops.filter((o) => o.method === 'GET');
      const readUrl = (op: Operation) => {
        const { path, query } = baselines.get(op)!;
        const pairs = [...query, ...(hasParam(op, 'limit') ? [['limit', '200']] : [])];
        const search = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
        return fillPath(op.path, path) + (search ? `?${search}` : '');
      };
      // An answer as it stands for what is held: a refusal by its status and code (its request_id differs).
      const held = (status: number, body: unknown) => {
        if (status >= 200 && status < 300) return JSON.stringify({ status, body });
        return JSON.stringify({ status, code: (body as { code?: unknown } | null)?.code });
      };
      const snapshot = async () => {
        const answers = new Map<Operation, string>();
        await inPool(reads, CONCURRENCY, async (op) => {
          const res = await get(op.service as Target, readUrl(op));
          answers.set(op, held(res.status, res.body));
        });
        return new Map(reads.map((op) => [`${op.service}: GET ${readUrl(op)}`, answers.get(op)!]));
      };
      // Settled: the same over three snapshots in a row (events between services travel over Kafka in the
      // real mode, so a change may land a little after the request that caused it), or 15 s.
      const settled = async () => {
        const pause = m.mode === 'real' ? 700 : 150;
        const until = Date.now() + 15_000;
        let last = await snapshot();
        let same = 1;
        while (same < 3 && Date.now() < until) {
          await sleep(pause);
          const now = await snapshot();
          same = [...now].every(([k, v]) => last.get(k) === v) ? same + 1 : 1;
          last = now;
        }
        return last;
      };
      const timings: string[] = [`setup ${((Date.now() - started) / 1000).toFixed(1)} s`];
      let mark = Date.now();
      const lap = (what: string) => {
        timings.push(`${what} ${((Date.now() - mark) / 1000).toFixed(1)} s`);
        mark = Date.now();
      };
      const initial = await settled();
      lap('first snapshot');
      for (const op of reads) {
        const url = readUrl(op);
        const { status } = JSON.parse(initial.get(`${op.service}: GET ${url}`)!) as { status: number };
        if (status < 200 || status > 299) fail(op.name, 'baseline: a valid GET is refused', url, [`${status}`]);
      }

      // The walk, one service after another, each between two snapshots of every service.
      let sent = 0;
      const perOp: string[] = [];
      let beforeBatch = initial;
      for (const service of services) {
        const probes: Probe[] = [];
        for (const op of ops.filter((o) => o.service === service)) {
          const { probes: mine, skipped } = probesFor(op, baselines.get(op)!, {
            fill: (at) => validValue(at.at(-1)!, schemaAt(op.body!, at), values),
            cursor: cursors.get(op) ?? { kind: 'unknown' },
            seed: SEED
          });
          perOp.push(`${op.name}: ${mine.length} requests`);
          if (skipped.length > 0) perOp.push(`  valid, so not sent: ${printable(skipped.join('; '), 2000)}`);
          probes.push(...mine);
        }
        const http = sender(stack.url(service));
        // Judged in the order generated, whatever order the answers came in: the same report every run.
        const outcomes: Outcome[] = new Array(probes.length);
        await inPool([...probes.keys()], CONCURRENCY, async (i) => void (outcomes[i] = await http.send(probes[i]!)));
        probes.forEach((probe, i) => judged(probe, outcomes[i]!));
        http.close();
        sent += probes.length;
        lap(`${service}: ${probes.length} requests`);
        const afterBatch = await settled();
        lap(`${service}: snapshot`);
        for (const [key, was] of beforeBatch) {
          const now = afterBatch.get(key);
          if (now !== was)
            fail(`${service} (all its requests)`, 'state changed', key, [`${key}: ${difference(was, now ?? '')}`]);
        }
        beforeBatch = afterBatch;
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = report(groups, sent);
      const file = join(tmpdir(), `bad-input-${m.mode}.txt`);
      const all = `Answers by kind of input, right or wrong:\n${answers(groups)}`;
      const took = `${sent} requests over ${ops.length} operations in ${seconds} s (${timings.join(', ')})`;
      writeFileSync(file, `${perOp.join('\n')}\n${took}\n\n${text}\n\n${all}\n`);
      t.diagnostic(`${took}; report in ${file}`);
      for (const line of perOp.filter((l) => !l.startsWith(' '))) t.diagnostic(line);
      const failing = [...groups.values()].some((g) => g.failed > 0);
      assert.ok(!failing, `\n${text}`);
    });
  });
}
