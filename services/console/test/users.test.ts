// The users-and-roles pages (SPEC §3.2, §3.9) through the gateway, as a browser uses them: an admin changes a role,
// deactivates with a confirmation and reactivates, creates an account; a manager only reads; a plain user is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { modes } from '../../../test/support/stack.ts';
import { csrfOf, openBrowser } from './support/browser.ts';
import { PASSWORD, startStaff, type Staff } from './support/staff.ts';

for (const m of modes) {
  describe(`console users and roles, ${m.name}`, { skip: m.skip }, () => {
    let staff: Staff;
    let admin: StyleFlowClient;
    let paulId: number;

    const signedIn = (email: string, language?: string) => staff.signedIn(email, language);

    before(async () => {
      staff = await startStaff(m.mode);
      admin = staff.admin;
      paulId = staff.ids.paul;
    });
    after(() => staff?.stack.stop());

    test('an admin lists users and filters them by role and by text', async () => {
      const b = await signedIn('boss@example.com');
      const all = await b.get('/app/admin/users');
      assert.equal(all.status, 200);
      assert.match(all.body, /<h1>Users<\/h1>/);
      for (const name of ['boss', 'mia', 'paul']) assert.match(all.body, new RegExp(`>${name}</a>`));
      const managers = await b.get('/app/admin/users?role=manager');
      assert.match(managers.body, />mia<\/a>/);
      assert.doesNotMatch(managers.body, />paul<\/a>/);
      const search = await b.get('/app/admin/users?q=pau');
      assert.match(search.body, />paul<\/a>/);
      assert.doesNotMatch(search.body, />mia<\/a>/);
      const none = await b.get('/app/admin/users?q=nobody-at-all');
      assert.match(none.body, /No user matches these filters/);
      // htmx asks for the list alone.
      const fragment = await b.get('/app/admin/users?role=manager', { 'hx-request': 'true', 'hx-target': 'user-list' });
      assert.match(fragment.body, /^<div id="user-list">/);
      assert.doesNotMatch(fragment.body, /<html/);
    });

    test('an admin changes a role, and the API holds it', async () => {
      const b = await signedIn('boss@example.com');
      const page = await b.get(`/app/admin/users/${paulId}`);
      assert.match(page.body, /Change the role/);
      const changed = await b.post(`/app/admin/users/${paulId}/role`, { _csrf: csrfOf(page), role: 'manager' });
      assert.equal(changed.status, 200);
      assert.match(changed.body, /The role is changed/);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).role, 'manager');
      const back = await b.post(`/app/admin/users/${paulId}/role`, { _csrf: csrfOf(changed), role: 'user' });
      assert.match(back.body, /The role is changed/);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).role, 'user');
      // A role the API does not know is refused in the page, nothing changed.
      const bad = await b.post(`/app/admin/users/${paulId}/role`, { _csrf: csrfOf(back), role: 'root' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /role="alert"/);
      // The admin's own page offers no demotion of itself.
      const me = await ok(admin.GET('/auth/me'));
      const own = await b.get(`/app/admin/users/${me.id}`);
      assert.doesNotMatch(own.body, /Change the role/);
      assert.match(own.body, /This is your own account/);
    });

    test('deactivation asks first, then deactivates; reactivation undoes it', async () => {
      const b = await signedIn('boss@example.com');
      const ask = await b.get(`/app/admin/users/${paulId}/deactivate`);
      assert.equal(ask.status, 200);
      assert.match(ask.body, /Deactivate paul\?/);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).status, 'active');
      const done = await b.post(`/app/admin/users/${paulId}/deactivate`, { _csrf: csrfOf(ask) });
      assert.equal(done.status, 200);
      assert.match(done.body, /The account is deactivated/);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).status, 'deactivated');
      const listed = await b.get('/app/admin/users?status=deactivated');
      assert.match(listed.body, />paul<\/a>/);
      const again = await b.post(`/app/admin/users/${paulId}/activate`, { _csrf: csrfOf(done) });
      assert.match(again.body, /The account is active again/);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).status, 'active');
    });

    test('an admin creates an account; a taken email shows the API message by the form', async () => {
      const b = await signedIn('boss@example.com');
      const list = await b.get('/app/admin/users');
      const made = await b.post('/app/admin/users', {
        _csrf: csrfOf(list),
        username: 'nina',
        email: 'nina@example.com',
        first_name: 'Нина',
        last_name: '',
        role: 'manager'
      });
      assert.equal(made.status, 200);
      assert.match(made.body, /The account is created/);
      assert.match(made.body, /<h1>nina<\/h1>/);
      const users = await ok(admin.GET('/users', { params: { query: { q: 'nina' } } }));
      assert.equal(users.data[0]?.role, 'manager');
      const taken = await b.post('/app/admin/users', {
        _csrf: csrfOf(made),
        username: 'nina2',
        email: 'nina@example.com',
        role: 'user'
      });
      assert.equal(taken.status, 409);
      assert.match(taken.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      assert.match(taken.body, /value="nina2"/);
    });

    test('a manager reads users but is offered no change, and a change it posts is refused', async () => {
      const b = await signedIn('mia@example.com');
      const list = await b.get('/app/admin/users');
      assert.equal(list.status, 200);
      assert.doesNotMatch(list.body, /Create the account/);
      const page = await b.get(`/app/admin/users/${paulId}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /Change the role|Deactivate/);
      const refused = await b.post(`/app/admin/users/${paulId}/role`, { _csrf: csrfOf(page), role: 'admin' });
      assert.equal(refused.status, 403);
      assert.equal((await b.get(`/app/admin/users/${paulId}/deactivate`)).status, 403);
      assert.equal((await ok(admin.GET('/users/{id}', { params: { path: { id: paulId } } }))).role, 'user');
    });

    test('a plain user gets 403 on the users pages', async () => {
      const b = await signedIn('paul@example.com');
      for (const path of ['/app/admin/users', `/app/admin/users/${paulId}`, `/app/admin/users/${paulId}/deactivate`]) {
        const page = await b.get(path);
        assert.equal(page.status, 403, path);
        assert.match(page.body, /Not allowed/);
      }
      const page = await b.get('/app/');
      assert.equal(
        (await b.post(`/app/admin/users/${paulId}/role`, { _csrf: csrfOf(page), role: 'admin' })).status,
        403
      );
    });

    test('the users page in Russian', async () => {
      const b = await signedIn('boss@example.com', 'ru');
      const page = await b.get('/app/admin/users');
      assert.match(page.body, /<html lang="ru">/);
      assert.match(page.body, /<h1>Пользователи<\/h1>/);
      assert.match(page.body, /Любая роль/);
    });

    test("a person's language is kept in the profile: made in Russian, Russian on any browser until changed", async () => {
      const made = openBrowser(staff.gateway, 'ru');
      const form = await made.get('/app/sign-up');
      const home = await made.post('/app/sign-up', {
        _csrf: csrfOf(form),
        username: 'olga',
        email: 'olga@example.com',
        password: PASSWORD
      });
      assert.match(home.body, /<html lang="ru">/);
      const olga = createStyleFlowClient({ baseUrl: staff.gateway });
      await olga.login('olga@example.com', PASSWORD);
      const me = await ok(olga.GET('/auth/me'));
      const profile = await ok(olga.GET('/users/{id}', { params: { path: { id: me.id } } }));
      assert.equal(profile.settings?.locale, 'ru');
      // A browser that asks for English: her pages are Russian from the first one after signing in.
      const elsewhere = await signedIn('olga@example.com', 'en');
      const page = await elsewhere.get('/app/');
      assert.match(page.body, /<html lang="ru">/);
      // She switches to English there, and the next browser she signs in on follows, whatever it asks for.
      const switched = await elsewhere.post('/app/language', { _csrf: csrfOf(page), locale: 'en', back: '/app/' });
      assert.match(switched.body, /<html lang="en">/);
      const third = await signedIn('olga@example.com', 'ru');
      assert.match((await third.get('/app/')).body, /<html lang="en">/);
    });
  });
}
