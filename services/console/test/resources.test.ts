// The resources pages (SPEC §3.4, §3.9) through the gateway, as a browser uses them: create a resource, read its
// availability timeline per day and week (allocations named by their event's title), edit it, allocate it to an event,
// block it, see a conflict refused, release.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { modes } from '../../../test/support/stack.ts';
import { csrfOf } from './support/browser.ts';
import { PASSWORD, startStaff, type Staff } from './support/staff.ts';

for (const m of modes) {
  describe(`console resources, ${m.name}`, { skip: m.skip }, () => {
    let staff: Staff;
    let admin: StyleFlowClient;
    let eventId: number;
    let resourceId: number;
    let day: string;

    const signedIn = (email: string, language?: string) => staff.signedIn(email, language);

    before(async () => {
      staff = await startStaff(m.mode);
      admin = staff.admin;
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
    after(() => staff?.stack.stop());

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
      // The bar and the table name the event by its title, the table linking to its staff page.
      assert.match(page.body, /<text[^>]*>Spring meetup × 1<\/text>/);
      assert.match(page.body, new RegExp(`<a href="/app/staff/events/${eventId}">Spring meetup × 1</a>`));
      assert.doesNotMatch(page.body, new RegExp(`Event ${eventId} `));
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

    test('a manager edits the resource; refused input shows the API message by the form and changes nothing', async () => {
      const b = await signedIn('mia@example.com');
      let page = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${day}`);
      assert.match(page.body, /<details id="edit"\s*>/);
      const action = `/app/staff/resources/${resourceId}?view=day&date=${day}`;
      assert.match(page.body, new RegExp(`action="${action.replace('?', '\\?').replace('&', '&amp;')}"`));
      const types = await ok(admin.GET('/resource-types'));
      const room = String(types.data.find((t) => t.name === 'room')!.id);
      const form = {
        name: 'Hall A',
        type_id: room,
        quantity: '2',
        location: 'First floor',
        description: '',
        setup_minutes: '0',
        teardown_minutes: '0'
      };

      // Bad input: the API's validation message, the form as typed, nothing changed.
      const bad = await b.post(action, { ...form, _csrf: csrfOf(page), name: 'Hall B', quantity: '0' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /<details id="edit" open>/);
      assert.match(bad.body, /<div class="alert" role="alert">[^<]*quantity[^<]*<\/div>/);
      assert.match(bad.body, /id="f-edit-name"\s+name="name"\s+type="text"\s+value="Hall B"/);
      // A quantity below what is allocated and blocked at once (the allocation and the block overlap): a 409.
      const below = await b.post(action, { ...form, _csrf: csrfOf(bad), quantity: '1' });
      assert.equal(below.status, 409);
      assert.match(below.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      let held = await ok(admin.GET('/resources/{id}', { params: { path: { id: resourceId } } }));
      assert.equal(held.name, 'Hall A');
      assert.equal(held.quantity, 2);

      page = await b.post(action, {
        ...form,
        _csrf: csrfOf(below),
        location: 'Second floor',
        description: 'With a projector',
        setup_minutes: '15'
      });
      const redirect = b.seen.at(-2)!;
      assert.equal(redirect.status, 303);
      assert.equal(redirect.headers.get('location'), `${action}&m=updated`);
      assert.equal(page.status, 200);
      assert.match(page.body, /The changes are saved\./);
      assert.match(page.body, /<dd>Second floor<\/dd>/);
      assert.match(page.body, /<dd>With a projector<\/dd>/);
      assert.match(page.body, /15 min before/);
      held = await ok(admin.GET('/resources/{id}', { params: { path: { id: resourceId } } }));
      assert.equal(held.location, 'Second floor');
      assert.equal(held.description, 'With a projector');
      assert.equal(held.setup_minutes, 15);
    });

    test('an allocation for an event the upcoming list leaves out is still named by its title', async () => {
      const categories = await ok(admin.GET('/categories'));
      const past = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
      const fair = await ok(
        admin.POST('/events', {
          body: {
            title: 'Autumn <b>fair</b>',
            start_date: `${past}T08:00:00Z`,
            end_date: `${past}T18:00:00Z`,
            capacity: 10,
            category_id: categories.data[0]!.id
          }
        })
      );
      await ok(
        admin.POST('/resources/{id}/allocate', {
          params: { path: { id: resourceId } },
          body: { event_id: fair.id, start_time: `${past}T09:00:00Z`, end_time: `${past}T10:00:00Z`, quantity: 1 }
        })
      );
      const b = await signedIn('mia@example.com');
      const page = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${past}`);
      assert.equal(page.status, 200);
      // The allocate form offers upcoming events only: the title came from the event itself.
      const offered = /<select id="f-event_id"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '';
      assert.match(offered, new RegExp(`<option value="${eventId}"`));
      assert.doesNotMatch(offered, new RegExp(`<option value="${fair.id}"`));
      assert.match(page.body, /<text[^>]*>Autumn &lt;b&gt;fair&lt;\/b&gt; × 1<\/text>/);
      assert.match(
        page.body,
        new RegExp(`<a href="/app/staff/events/${fair.id}">Autumn &lt;b&gt;fair&lt;/b&gt; × 1</a>`)
      );
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

      // A forged edit is refused, and the API refuses the same person on its own.
      const edit = await b.post(`/app/staff/resources/${resourceId}`, { _csrf: csrfOf(home), name: 'Hijacked' });
      assert.equal(edit.status, 403);
      assert.match(edit.body, /Not allowed/);
      const paul = createStyleFlowClient({ baseUrl: staff.gateway });
      await paul.login('paul@example.com', PASSWORD);
      const direct = await paul.PUT('/resources/{id}', {
        params: { path: { id: resourceId } },
        body: { name: 'Hijacked' }
      });
      assert.equal(direct.response.status, 403);
      assert.equal((await ok(admin.GET('/resources/{id}', { params: { path: { id: resourceId } } }))).name, 'Hall A');
    });

    test('the resource page in Russian', async () => {
      const b = await signedIn('boss@example.com', 'ru');
      const page = await b.get(`/app/staff/resources/${resourceId}?view=day&date=${day}`);
      assert.match(page.body, /<html lang="ru">/);
      assert.match(page.body, /Доступность/);
      assert.match(page.body, /свободно 1 из 2/);
      assert.match(page.body, /<summary>Изменить ресурс<\/summary>/);
    });
  });
}
