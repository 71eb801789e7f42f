// The resources pages (SPEC §3.4, §3.9) through the gateway, as a browser uses them: create a resource, read its
// availability timeline per day and week, allocate it to an event, block it, see a conflict refused, release.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { allTargets, modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { giveRole } from './support/roles.ts';
import { csrfOf, openBrowser, type Browser } from './support/browser.ts';

const PASSWORD = 'password-0123';

for (const m of modes) {
  describe(`console resources, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let gateway: string;
    let admin: StyleFlowClient;
    let eventId: number;
    let resourceId: number;
    let day: string;

    async function signedIn(email: string, language?: string): Promise<Browser> {
      const b = openBrowser(gateway, language);
      const form = await b.get('/app/sign-in');
      const home = await b.post('/app/sign-in', { _csrf: csrfOf(form), email, password: PASSWORD });
      assert.equal(home.status, 200, `${email} signed in`);
      return b;
    }

    before(async () => {
      stack = await startStack(m.mode, allTargets, {
        GATEWAY_HEALTH_INTERVAL_MS: '500'
      });
      gateway = stack.url('gateway');
      const anyone = createStyleFlowClient({ baseUrl: gateway });
      const register = (username: string) =>
        ok(anyone.POST('/auth/register', { body: { username, email: `${username}@example.com`, password: PASSWORD } }));
      await register('boss');
      const mia = await register('mia');
      await register('paul');
      admin = createStyleFlowClient({ baseUrl: gateway });
      await admin.login('boss@example.com', PASSWORD);
      await giveRole(gateway, admin, { id: mia.id, email: 'mia@example.com', password: PASSWORD }, 'manager');
      day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const categories = await ok(admin.GET('/categories'));
      const event = await ok(
        admin.POST('/events', {
          body: {
            title: 'Spring meetup',
            start_date: `${day}T08:00:00Z`,
            end_date: `${day}T18:00:00Z`,
            capacity: 50,
            category_id: categories.data[0]!.id,
            location: 'Main hall'
          }
        })
      );
      eventId = event.id;
    });
    after(() => stack?.stop());

    test('a manager creates a resource and sees its empty day', async () => {
      const b = await signedIn('mia@example.com');
      const list = await b.get('/app/staff/resources');
      assert.equal(list.status, 200);
      const types = await ok(admin.GET('/resource-types'));
      const room = types.data.find((t) => t.name === 'room')!;
      const made = await b.post('/app/staff/resources', {
        _csrf: csrfOf(list),
        name: 'Hall A',
        type_id: String(room.id),
        quantity: '2',
        location: 'First floor'
      });
      assert.equal(made.status, 200);
      assert.match(made.body, /The resource is created/);
      resourceId = Number(/\/app\/staff\/resources\/(\d+)/.exec(made.url)?.[1]);
      assert.ok(resourceId > 0);
      const empty = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${day}`);
      assert.match(empty.body, /<svg[^>]*role="img"/);
      assert.match(empty.body, /2 of 2 free/);
      assert.match(empty.body, /Nothing is allocated or blocked in this period/);
      const listed = await b.get('/app/staff/resources?q=hall');
      assert.match(listed.body, />Hall A<\/a>/);
    });

    test('allocate and block show as labelled bars with the free quantity; a conflict is refused in the page', async () => {
      const b = await signedIn('mia@example.com');
      let page = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${day}`);
      assert.match(page.body, new RegExp(`<option value="${eventId}"`));
      page = await b.post(`/app/staff/resources/${resourceId}/allocate`, {
        _csrf: csrfOf(page),
        event_id: String(eventId),
        start_time: `${day}T09:00`,
        end_time: `${day}T12:00`,
        quantity: '1'
      });
      assert.equal(page.status, 200);
      assert.match(page.body, /Allocated\./);
      assert.match(page.body, new RegExp(`<text[^>]*>Event ${eventId} × 1</text>`));
      assert.match(page.body, /1 of 2 free/);

      page = await b.post(`/app/staff/resources/${resourceId}/blocks`, {
        _csrf: csrfOf(page),
        start_time: `${day}T10:00`,
        end_time: `${day}T11:00`,
        quantity: '1',
        reason: 'Projector repair'
      });
      assert.match(page.body, /Blocked\./);
      assert.match(page.body, /<text[^>]*>Block: Projector repair × 1<\/text>/);
      assert.match(page.body, /fill="url\(#hatch\)"/);
      assert.match(page.body, /0 of 2 free/);
      const held = await ok(admin.GET('/allocations', { params: { query: { resource_id: resourceId } } }));
      assert.deepEqual(held.data.map((a) => a.kind).sort(), ['allocation', 'block']);

      const conflict = await b.post(`/app/staff/resources/${resourceId}/allocate`, {
        _csrf: csrfOf(page),
        event_id: String(eventId),
        start_time: `${day}T10:15`,
        end_time: `${day}T10:45`,
        quantity: '1'
      });
      assert.equal(conflict.status, 409);
      assert.match(conflict.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      assert.equal(
        (await ok(admin.GET('/allocations', { params: { query: { resource_id: resourceId } } }))).data.length,
        2
      );

      // No inline style anywhere (the CSP would block it): positions are SVG attributes.
      assert.doesNotMatch(page.body, /\sstyle=/);
    });

    test('the week view shows the same bars, and releasing the block frees the quantity again', async () => {
      const b = await signedIn('mia@example.com');
      const week = await b.get(`/app/staff/resources/${resourceId}?view=week&date=${day}`);
      assert.equal(week.status, 200);
      assert.match(week.body, /Show one day/);
      assert.match(week.body, /Previous week/);
      assert.match(week.body, /Block: Projector repair × 1/);
      const held = await ok(
        admin.GET('/allocations', { params: { query: { resource_id: resourceId, kind: 'block' } } })
      );
      const block = held.data[0]!;
      const released = await b.post(`/app/staff/resources/${resourceId}/allocations/${block.id}/release`, {
        _csrf: csrfOf(week),
        back_view: 'day',
        back_date: day
      });
      assert.equal(released.status, 200);
      assert.match(released.body, /Released\./);
      assert.doesNotMatch(released.body, /Block: Projector repair/);
      assert.doesNotMatch(released.body, /0 of 2 free/);
      const after = await ok(admin.GET('/allocations/{id}', { params: { path: { id: block.id } } }));
      assert.equal(after.status, 'released');
    });

    test('a plain user gets 403 on the resources pages', async () => {
      const b = await signedIn('paul@example.com');
      for (const path of ['/app/staff/resources', `/app/staff/resources/${resourceId}`]) {
        assert.equal((await b.get(path)).status, 403, path);
      }
      const home = await b.get('/app/');
      const post = await b.post(`/app/staff/resources/${resourceId}/blocks`, {
        _csrf: csrfOf(home),
        start_time: `${day}T13:00`,
        end_time: `${day}T14:00`,
        quantity: '1',
        reason: 'no'
      });
      assert.equal(post.status, 403);
    });

    test('the resource page in Russian', async () => {
      const b = await signedIn('boss@example.com', 'ru');
      const page = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${day}`);
      assert.match(page.body, /<html lang="ru">/);
      assert.match(page.body, /Доступность/);
      assert.match(page.body, /свободно 1 из 2/);
    });
  });
}
