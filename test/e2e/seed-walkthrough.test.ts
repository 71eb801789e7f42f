// The seed's «Примеры использования», through the gateway on its port, exactly as written: first against
// the embedded `style-flow all`, and (in CI) against separate processes on PostgreSQL, Kafka and Redis.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@style-flow/platform/testing';
import { verifyTicketCode } from '../support/event-client.ts';
import { startSystem, type RunningSystem } from '../support/program.ts';
import { modes } from '../support/stack.ts';

for (const m of modes) {
  describe(`the seed's walkthrough through the gateway, ${m.name}`, { skip: m.skip }, () => {
    let system: RunningSystem;
    let gateway: string;
    let token: string;

    before(async () => {
      // Development, as on a laptop: an empty system gets the seed's room (resource 1) there only.
      system = await startSystem(m.mode, {
        ENVIRONMENT: 'development',
        LOG_LEVEL: 'warn',
        GATEWAY_HEALTH_INTERVAL_MS: '500'
      });
      gateway = system.gateway;
    });
    after(() => system?.stop());

    test('curl http://localhost:8080/user-service/health', async () => {
      const res = await fetch(`${gateway}/user-service/health`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', service: 'user' });
    });

    test('Регистрация нового пользователя: POST /auth/register', async () => {
      const res = await fetch(`${gateway}/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username: 'user1',
          email: 'user1@example.com',
          password: 'password123',
          first_name: 'Иван',
          last_name: 'Иванов'
        })
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(
        [body.id, body.username, body.first_name, body.last_name, body.role],
        [1, 'user1', 'Иван', 'Иванов', 'admin']
      );
    });

    test('Аутентификация пользователя: POST /auth/login', async () => {
      const res = await fetch(`${gateway}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'user1@example.com', password: 'password123' })
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { token_type: string; access_token: string };
      assert.equal(body.token_type, 'Bearer');
      token = body.access_token;
      // The profile arrives in the user service through auth.user.registered: soon, not at once.
      await eventually(
        async () =>
          (await fetch(`${gateway}/users/1`, { headers: { Authorization: `Bearer ${token}` } })).status === 200,
        30_000,
        'the profile'
      );
    });

    test('Создание события: POST /events', async () => {
      const res = await fetch(`${gateway}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          title: 'Конференция по микросервисам',
          description: 'Обсуждение архитектуры микросервисов',
          start_date: '2023-12-01T10:00:00',
          end_date: '2023-12-01T18:00:00',
          location: 'Москва, ул. Примерная, 123',
          capacity: 100,
          category_id: 1
        })
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(
        [body.id, body.start_date, body.capacity, body.available_seats],
        [1, '2023-12-01T10:00:00.000Z', 100, 100]
      );
      const listed = await fetch(`${gateway}/events`);
      assert.equal(listed.status, 200, 'events are public');
    });
    test('beyond the seed: a second user registers for a future event through the gateway, and the public page shows the seat', async () => {
      const json = { 'Content-Type': 'application/json' };
      const day = 86_400_000;
      const created = await fetch(`${gateway}/events`, {
        method: 'POST',
        headers: { ...json, Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          title: 'Meetup',
          start_date: new Date(Date.now() + 7 * day).toISOString(),
          end_date: new Date(Date.now() + 7 * day + 3_600_000).toISOString(),
          capacity: 1,
          category_id: 2
        })
      });
      const event = (await created.json()) as { id: number };
      const page = async () =>
        (await (await fetch(`${gateway}/events/${event.id}`)).json()) as {
          registered_count: number;
          available_seats: number;
        };
      assert.equal((await page()).available_seats, 1);
      assert.equal((await page()).available_seats, 1, 'served again, perhaps from the cache');

      assert.equal(
        (
          await fetch(`${gateway}/auth/register`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ username: 'user2', email: 'user2@example.com', password: 'password456' })
          })
        ).status,
        201
      );
      const login = await fetch(`${gateway}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'user2@example.com', password: 'password456' })
      });
      const userToken = ((await login.json()) as { access_token: string }).access_token;
      const registered = await fetch(`${gateway}/events/${event.id}/register`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${userToken}` }
      });
      assert.equal(registered.status, 201);
      assert.equal(((await registered.json()) as { status: string }).status, 'confirmed');
      await eventually(
        async () => (await page()).registered_count === 1,
        30_000,
        'the public page to show the seat taken'
      );
      assert.equal((await page()).available_seats, 0);

      const mine = await fetch(`${gateway}/events/${event.id}/registrations`, {
        headers: { Authorization: `Bearer ${userToken}` }
      });
      assert.equal(((await mine.json()) as { data: unknown[] }).data.length, 1);
      const anonymous = await fetch(`${gateway}/events/${event.id}/registrations`);
      assert.equal(anonymous.status, 401);
    });
    test('Создание клиента: POST /clients', async () => {
      const res = await fetch(`${gateway}/clients`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'ООО Пример', type: 'organization', industry: 'IT', description: 'IT-компания' })
      });
      assert.equal(res.status, 201);
      const client = (await res.json()) as { id: number; name: string; status: string };
      assert.equal(res.headers.get('location'), `/clients/${client.id}`);
      assert.deepEqual([client.id, client.name, client.status], [1, 'ООО Пример', 'active']);
    });

    test('Создание платежа: POST /payments', async () => {
      const res = await fetch(`${gateway}/payments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          amount: 5000,
          currency: 'RUB',
          description: 'Оплата участия в конференции',
          client_id: 1,
          event_id: 1,
          payment_method_id: 1
        })
      });
      assert.equal(res.status, 201, await res.clone().text());
      const payment = (await res.json()) as { id: number; status: string; amount: string; currency: string };
      assert.deepEqual([payment.status, payment.amount, payment.currency], ['completed', '5000.00', 'RUB']);
      assert.equal(res.headers.get('location'), `/payments/${payment.id}`);
      // The client's timeline hears of it through payment-events.
      await eventually(
        async () => {
          const client = await fetch(`${gateway}/clients/1`, { headers: { Authorization: `Bearer ${token}` } });
          const totals = ((await client.json()) as { totals: Array<{ currency: string; paid: string }> }).totals;
          return totals.some((t) => t.currency === 'RUB' && Number(t.paid) === 5000);
        },
        30_000,
        "the payment in the client's totals"
      );
    });

    test('Выделение ресурса: POST /resources/1/allocate', async () => {
      const res = await fetch(`${gateway}/resources/1/allocate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          event_id: 1,
          start_time: '2023-12-01T10:00:00',
          end_time: '2023-12-01T18:00:00',
          quantity: 1
        })
      });
      assert.equal(res.status, 201, await res.clone().text());
      const allocation = (await res.json()) as { event_id: number; status: string; quantity: number };
      assert.deepEqual([allocation.event_id, allocation.status, allocation.quantity], [1, 'active', 1]);
      // The event service shows it under the event, from resource-events.
      await eventually(
        async () => {
          const event = await fetch(`${gateway}/events/1`);
          return ((await event.json()) as { resources: unknown[] }).resources.length === 1;
        },
        30_000,
        'the allocation under GET /events/1'
      );
    });

    test("the event day: the seed's user gets its ticket for event 1 and is checked in at the door", async () => {
      const json = { 'Content-Type': 'application/json' };
      const auth = { Authorization: `Bearer ${token}` };
      // Event 1 was on 2023-12-01: an admin who names the user (itself here) registers it after the start, as
      // attendance is recorded afterwards, and the door takes scans whenever they come (offline ones come late).
      const registered = await fetch(`${gateway}/events/1/register`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ user_id: 1 })
      });
      assert.equal(registered.status, 201, await registered.clone().text());
      const registration = (await registered.json()) as { id: number; status: string };
      assert.equal(registration.status, 'confirmed');
      const ticketUrl = `${gateway}/events/1/registrations/${registration.id}/ticket`;
      // The name comes from the user's events: soon, not at once.
      const ticket = await eventually(
        async () => {
          const t = (await (await fetch(ticketUrl, { headers: auth })).json()) as {
            code: string;
            attendee_name: string;
          };
          return t.attendee_name === 'Иван Иванов' ? t : null;
        },
        30_000,
        'the ticket in the name of Иван Иванов'
      );
      const key = (await (await fetch(`${gateway}/events/1/ticket-key`)).json()) as {
        jwk: { kty: string; crv: string; x: string };
      };
      assert.ok(verifyTicketCode(ticket.code, key.jwk), 'the published key verifies the code');
      const pdf = await fetch(ticketUrl, { headers: { ...auth, Accept: 'application/pdf' } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        '%PDF-'
      );

      const scan = () =>
        fetch(`${gateway}/events/1/check-ins`, {
          method: 'POST',
          headers: { ...json, ...auth },
          body: JSON.stringify({ code: ticket.code, nonce: randomUUID() })
        });
      const first = await scan();
      assert.equal(first.status, 201, await first.clone().text());
      const checkIn = (await first.json()) as { attendee_name: string; list_name: string };
      assert.deepEqual([checkIn.attendee_name, checkIn.list_name], ['Иван Иванов', 'Default']);
      const second = await scan();
      assert.equal(second.status, 409);
      assert.equal(((await second.json()) as { code: string }).code, 'ALREADY_CHECKED_IN');
      await eventually(
        async () =>
          ((await (await fetch(`${gateway}/events/1`)).json()) as { checked_in_count: number }).checked_in_count === 1,
        30_000,
        'GET /events/1 to count the check-in'
      );
    });
  });
}
