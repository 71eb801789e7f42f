// The seed's «Примеры использования», through the gateway on its port, exactly as written: first against
// the embedded `style-flow all`, and (in CI) against separate processes on PostgreSQL, Kafka and Redis. The seed's
// own requests are sent as its curl lines send them; what the walkthrough does beyond them goes through
// @style-flow/client, as a program would.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';
import { verifyTicketCode } from '../support/event-client.ts';
import { startSystem, type RunningSystem } from '../support/program.ts';
import { modes } from '../support/stack.ts';

for (const m of modes) {
  describe(`the seed's walkthrough through the gateway, ${m.name}`, { skip: m.skip }, () => {
    let system: RunningSystem;
    let gateway: string;
    let token: string;
    /** The seed's user1 (the admin) once logged in, and anyone without a token. */
    let admin: StyleFlowClient;
    let anyone: StyleFlowClient;

    before(async () => {
      // Development, as on a laptop: an empty system gets the seed's room (resource 1) there only.
      system = await startSystem(m.mode, {
        ENVIRONMENT: 'development',
        LOG_LEVEL: 'warn',
        GATEWAY_HEALTH_INTERVAL_MS: '500'
      });
      gateway = system.gateway;
      anyone = createStyleFlowClient({ baseUrl: gateway });
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
      const body = (await res.json()) as { token_type: string; access_token: string; refresh_token: string };
      assert.equal(body.token_type, 'Bearer');
      token = body.access_token;
      admin = createStyleFlowClient({ baseUrl: gateway, tokens: body });
      // The profile arrives in the user service through auth.user.registered: soon, not at once.
      await eventually(
        async () => (await admin.GET('/users/{id}', { params: { path: { id: 1 } } })).response.status === 200,
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
      const day = 86_400_000;
      const event = await ok(
        admin.POST('/events', {
          body: {
            title: 'Meetup',
            start_date: new Date(Date.now() + 7 * day).toISOString(),
            end_date: new Date(Date.now() + 7 * day + 3_600_000).toISOString(),
            capacity: 1,
            category_id: 2
          }
        })
      );
      const path = { id: event.id };
      const page = () => ok(anyone.GET('/events/{id}', { params: { path } }));
      assert.equal((await page()).available_seats, 1);
      assert.equal((await page()).available_seats, 1, 'served again, perhaps from the cache');

      await ok(
        anyone.POST('/auth/register', {
          body: { username: 'user2', email: 'user2@example.com', password: 'password456' }
        })
      );
      const user = createStyleFlowClient({ baseUrl: gateway });
      await user.login('user2@example.com', 'password456');
      const registration = await ok(user.POST('/events/{id}/register', { params: { path }, body: {} }));
      assert.equal(registration.status, 'confirmed');
      await eventually(
        async () => (await page()).registered_count === 1,
        30_000,
        'the public page to show the seat taken'
      );
      assert.equal((await page()).available_seats, 0);

      const mine = await ok(user.GET('/events/{id}/registrations', { params: { path } }));
      assert.equal(mine.data.length, 1);
      const anonymous = await anyone.GET('/events/{id}/registrations', { params: { path } });
      assert.deepEqual([anonymous.response.status, anonymous.error?.code], [401, 'UNAUTHENTICATED']);
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
          const client = await ok(admin.GET('/clients/{id}', { params: { path: { id: 1 } } }));
          return client.totals.some((t) => t.currency === 'RUB' && Number(t.paid) === 5000);
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
        async () => (await ok(anyone.GET('/events/{id}', { params: { path: { id: 1 } } }))).resources.length === 1,
        30_000,
        'the allocation under GET /events/1'
      );
    });

    test("the event day: the seed's user gets its ticket for event 1 and is checked in at the door", async () => {
      // Event 1 was on 2023-12-01: an admin who names the user (itself here) registers it after the start, as
      // attendance is recorded afterwards, and the door takes scans whenever they come (offline ones come late).
      const event = { id: 1 };
      const registration = await ok(
        admin.POST('/events/{id}/register', { params: { path: event }, body: { user_id: 1 } })
      );
      assert.equal(registration.status, 'confirmed');
      const ticketPath = '/events/{id}/registrations/{registration_id}/ticket';
      const params = { path: { ...event, registration_id: registration.id } };
      // The name comes from the user's events: soon, not at once.
      const ticket = await eventually(
        async () => {
          const t = await ok(admin.GET(ticketPath, { params }));
          return t.attendee_name === 'Иван Иванов' ? t : null;
        },
        30_000,
        'the ticket in the name of Иван Иванов'
      );
      const key = await ok(anyone.GET('/events/{id}/ticket-key', { params: { path: event } }));
      assert.ok(verifyTicketCode(ticket.code, key.jwk), 'the published key verifies the code');
      const pdf = await admin.GET(ticketPath, {
        params,
        headers: { accept: 'application/pdf' },
        parseAs: 'arrayBuffer'
      });
      assert.equal(pdf.response.status, 200);
      assert.equal(pdf.response.headers.get('content-type'), 'application/pdf');
      assert.equal(Buffer.from(pdf.data!).subarray(0, 5).toString(), '%PDF-');

      const scan = () =>
        admin.POST('/events/{id}/check-ins', {
          params: { path: event },
          body: { code: ticket.code, nonce: randomUUID() }
        });
      const first = await scan();
      assert.equal(first.response.status, 201, JSON.stringify(first.error));
      assert.deepEqual([first.data?.attendee_name, first.data?.list_name], ['Иван Иванов', 'Default']);
      const second = await scan();
      assert.deepEqual([second.response.status, second.error?.code], [409, 'ALREADY_CHECKED_IN']);
      await eventually(
        async () => (await ok(anyone.GET('/events/{id}', { params: { path: event } }))).checked_in_count === 1,
        30_000,
        'GET /events/1 to count the check-in'
      );
    });
  });
}
