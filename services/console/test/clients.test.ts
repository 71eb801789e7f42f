// The clients pages (SPEC §3.5, §3.9) through the gateway, as a browser uses them: search, create with the duplicate
// warning, edit, contacts and the timeline, a merge that shows what it would do before it does it, and archiving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { modes } from '../../../test/support/stack.ts';
import { csrfOf, type Page } from './support/browser.ts';
import { PASSWORD, startStaff, type Staff } from './support/staff.ts';

const idFrom = (page: Page): number => Number(/\/app\/staff\/clients\/(\d+)/.exec(page.url)?.[1]);

for (const m of modes) {
  describe(`console clients, ${m.name}`, { skip: m.skip }, () => {
    let staff: Staff;
    let admin: StyleFlowClient;
    let acme: number;
    let twin: number;

    const signedIn = (email: string, language?: string) => staff.signedIn(email, language);

    before(async () => {
      staff = await startStaff(m.mode);
      admin = staff.admin;
    });
    after(() => staff?.stack.stop());

    test('a manager creates a client; a look-alike is warned about, then created on purpose', async () => {
      const b = await signedIn('mia@example.com');
      const list = await b.get('/app/staff/clients');
      assert.equal(list.status, 200);
      assert.match(list.body, /No client matches these filters/);
      const made = await b.post('/app/staff/clients', {
        _csrf: csrfOf(list),
        name: 'Acme Ltd',
        type: 'organization',
        email: 'info@acme.example',
        website: 'https://acme.example',
        industry: 'Events'
      });
      assert.equal(made.status, 200);
      assert.match(made.body, /The client is created/);
      assert.match(made.body, /<h1>Acme Ltd<\/h1>/);
      acme = idFrom(made);
      assert.ok(acme > 0);

      const twinForm = {
        _csrf: csrfOf(made),
        name: 'ACME Ltd.',
        type: 'organization',
        email: 'info@acme.example'
      };
      const warned = await b.post('/app/staff/clients', twinForm);
      assert.equal(warned.status, 409);
      assert.match(warned.body, /This looks like a client you already have/);
      assert.match(warned.body, new RegExp(`href="/app/staff/clients/${acme}">Acme Ltd</a>`));
      assert.match(warned.body, /name="allow_duplicate"/);
      assert.equal((await ok(admin.GET('/clients', { params: { query: { q: 'acme' } } }))).data.length, 1);

      const anyway = await b.post('/app/staff/clients', {
        ...twinForm,
        _csrf: csrfOf(warned),
        allow_duplicate: 'true'
      });
      assert.equal(anyway.status, 200);
      assert.match(anyway.body, /The client is created/);
      twin = idFrom(anyway);
      assert.notEqual(twin, acme);

      const found = await b.get('/app/staff/clients?q=acme');
      assert.match(found.body, />Acme Ltd<\/a>/);
      assert.match(found.body, />ACME Ltd\.<\/a>/);
      const none = await b.get('/app/staff/clients?q=acme&type=individual', {
        'hx-request': 'true',
        'hx-target': 'client-list'
      });
      assert.match(none.body, /^<div id="client-list">/);
      assert.match(none.body, /No client matches these filters/);
    });

    test('contacts: the first is primary, another made primary demotes it, one removed; the timeline takes a note', async () => {
      const b = await signedIn('mia@example.com');
      let page = await b.get(`/app/staff/clients/${acme}`);
      assert.match(page.body, /No contacts yet/);
      assert.match(page.body, /No payments yet/);
      page = await b.post(`/app/staff/clients/${acme}/contacts`, {
        _csrf: csrfOf(page),
        name: 'Olga Petrova',
        email: 'olga@acme.example',
        position: 'CEO'
      });
      assert.match(page.body, /The contact is added/);
      page = await b.post(`/app/staff/clients/${acme}/contacts`, {
        _csrf: csrfOf(page),
        name: 'Ivan <b>Sidorov</b>',
        email: 'ivan@acme.example'
      });
      assert.match(page.body, /Ivan &lt;b&gt;Sidorov&lt;\/b&gt;/);
      const contacts = await ok(admin.GET('/clients/{id}/contacts', { params: { path: { id: acme } } }));
      const olga = contacts.data.find((c) => c.name === 'Olga Petrova')!;
      const ivan = contacts.data.find((c) => c.name.startsWith('Ivan'))!;
      assert.equal(olga.is_primary, true);
      assert.equal(ivan.is_primary, false);

      page = await b.post(`/app/staff/clients/${acme}/contacts/${ivan.id}/primary`, { _csrf: csrfOf(page) });
      assert.match(page.body, /The primary contact is changed/);
      const after = await ok(admin.GET('/clients/{id}', { params: { path: { id: acme } } }));
      assert.equal(after.primary_contact?.id, ivan.id);

      page = await b.post(`/app/staff/clients/${acme}/contacts/${olga.id}/remove`, { _csrf: csrfOf(page) });
      assert.match(page.body, /The contact is removed/);
      assert.doesNotMatch(page.body, /Olga Petrova/);

      page = await b.post(`/app/staff/clients/${acme}/activity`, {
        _csrf: csrfOf(page),
        type: 'call',
        description: 'Called about the spring conference'
      });
      assert.match(page.body, /Added to the timeline/);
      assert.match(page.body, /<strong>Call<\/strong>/);
      assert.match(page.body, /Called about the spring conference/);

      // An empty note is refused by the API, and its message is shown by the form.
      const refused = await b.post(`/app/staff/clients/${acme}/activity`, {
        _csrf: csrfOf(page),
        type: 'note',
        description: ''
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /<div class="alert" role="alert">[^<]+<\/div>/);
    });

    test('a manager edits a client; refused input shows the API message by the form and changes nothing', async () => {
      const b = await signedIn('mia@example.com');
      let page = await b.get(`/app/staff/clients/${acme}`);
      assert.match(page.body, /<details id="edit" >/);
      assert.match(page.body, new RegExp(`<form method="post" action="/app/staff/clients/${acme}"`));
      assert.match(page.body, /id="f-edit-name"\s+name="name"\s+type="text"\s+value="Acme Ltd"/);

      const bad = { name: 'Acme Ltd', type: 'organization', industry: 'Conferences', email: 'not-an-email' };
      const refused = await b.post(`/app/staff/clients/${acme}`, { _csrf: csrfOf(page), ...bad });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /<details id="edit" open>/);
      assert.match(refused.body, /<div class="alert" role="alert">[^<]*email[^<]*<\/div>/);
      // The form keeps what was typed.
      assert.match(refused.body, /id="f-edit-email"\s+name="email"\s+type="email"\s+value="not-an-email"/);
      assert.match(refused.body, /id="f-edit-industry"\s+name="industry"\s+type="text"\s+value="Conferences"/);
      let held = await ok(admin.GET('/clients/{id}', { params: { path: { id: acme } } }));
      assert.equal(held.email, 'info@acme.example');
      assert.equal(held.industry, 'Events');

      const saved = await b.post(`/app/staff/clients/${acme}`, {
        _csrf: csrfOf(refused),
        name: 'Acme Ltd',
        type: 'organization',
        industry: 'Conferences',
        email: 'info@acme.example',
        phone: '+7 495 000-00-00',
        website: 'https://acme.example',
        description: 'Spring and autumn conferences'
      });
      // Post, redirect, get: the form's answer is a 303 to the client's page with the confirmation.
      const redirect = b.seen.at(-2)!;
      assert.equal(redirect.status, 303);
      assert.equal(redirect.headers.get('location'), `/app/staff/clients/${acme}?m=updated`);
      assert.equal(saved.status, 200);
      assert.match(saved.body, /The changes are saved\./);
      assert.match(saved.body, /<dd>Conferences<\/dd>/);
      assert.match(saved.body, /<dd>Spring and autumn conferences<\/dd>/);
      held = await ok(admin.GET('/clients/{id}', { params: { path: { id: acme } } }));
      assert.equal(held.industry, 'Conferences');
      assert.equal(held.phone, '+7 495 000-00-00');
      assert.equal(held.description, 'Spring and autumn conferences');

      // The twin given Acme's website looks like Acme: the look-alike is named, offered to save anyway, not saved.
      page = await b.get(`/app/staff/clients/${twin}`);
      const lookalike = await b.post(`/app/staff/clients/${twin}`, {
        _csrf: csrfOf(page),
        name: 'ACME Ltd.',
        type: 'organization',
        email: 'info@acme.example',
        website: 'https://acme.example/about'
      });
      assert.equal(lookalike.status, 409);
      assert.match(lookalike.body, /This looks like a client you already have/);
      assert.match(lookalike.body, new RegExp(`href="/app/staff/clients/${acme}">Acme Ltd</a>`));
      assert.match(lookalike.body, /name="allow_duplicate"/);
      assert.equal((await ok(admin.GET('/clients/{id}', { params: { path: { id: twin } } }))).website, null);
    });

    test('a merge shows what it would do, changes nothing until confirmed, then folds the twin in', async () => {
      await ok(
        admin.POST('/clients/{id}/contacts', {
          params: { path: { id: twin } },
          body: { name: 'Pyotr Twin', email: 'pyotr@acme.example' }
        })
      );
      await ok(
        admin.POST('/clients/{id}/activity', {
          params: { path: { id: twin } },
          body: { type: 'meeting', description: 'Met at the fair' }
        })
      );
      const b = await signedIn('mia@example.com');
      const pick = await b.get(`/app/staff/clients/${acme}/merge?q=acme`);
      assert.equal(pick.status, 200);
      assert.match(pick.body, new RegExp(`href="/app/staff/clients/${acme}/merge\\?from=${twin}"`));
      assert.doesNotMatch(pick.body, new RegExp(`merge\\?from=${acme}"`));

      const preview = await b.get(`/app/staff/clients/${acme}/merge?from=${twin}`);
      assert.equal(preview.status, 200);
      assert.match(preview.body, /Merge ACME Ltd\. into Acme Ltd\?/);
      assert.match(preview.body, /Contacts that move \(1\)/);
      assert.match(preview.body, /Pyotr Twin/);
      // The twin's primary contact stops being primary: Acme keeps its own.
      assert.match(preview.body, /no longer primary/);
      assert.match(preview.body, /1 timeline entries move here/);
      assert.equal((await ok(admin.GET('/clients/{id}', { params: { path: { id: twin } } }))).status, 'active');

      const merged = await b.post(`/app/staff/clients/${acme}/merge`, {
        _csrf: csrfOf(preview),
        from_id: String(twin)
      });
      assert.equal(merged.status, 200);
      assert.match(merged.body, /The clients are merged/);
      assert.match(merged.body, /Pyotr Twin/);
      assert.match(merged.body, /Met at the fair/);
      const gone = await ok(admin.GET('/clients/{id}', { params: { path: { id: twin } } }));
      assert.equal(gone.status, 'archived');
      assert.equal(gone.merged_into, acme);

      // Merging it again is refused by the API, with its message in the page.
      const again = await b.post(`/app/staff/clients/${acme}/merge`, { _csrf: csrfOf(merged), from_id: String(twin) });
      assert.ok(again.status >= 400 && again.status < 500, `status ${again.status}`);
      assert.match(again.body, /role="alert"/);
      const archived = await b.get('/app/staff/clients?status=archived');
      assert.match(archived.body, />ACME Ltd\.<\/a>/);
    });

    test('archiving asks first, then the client shows as archived and is offered no change', async () => {
      const old = await ok(admin.POST('/clients', { body: { name: 'Old Partner', type: 'individual' } }));
      const b = await signedIn('boss@example.com');
      const page = await b.get(`/app/staff/clients/${old.id}`);
      assert.match(page.body, new RegExp(`href="/app/staff/clients/${old.id}/archive"`));
      const ask = await b.get(`/app/staff/clients/${old.id}/archive`);
      assert.equal(ask.status, 200);
      assert.match(ask.body, /<h1>Archive Old Partner\?<\/h1>/);
      assert.equal((await ok(admin.GET('/clients/{id}', { params: { path: { id: old.id } } }))).status, 'active');

      const done = await b.post(`/app/staff/clients/${old.id}/archive`, { _csrf: csrfOf(ask) });
      assert.equal(b.seen.at(-2)!.headers.get('location'), `/app/staff/clients/${old.id}?m=archived`);
      assert.equal(done.status, 200);
      assert.match(done.body, /The client is archived\./);
      assert.match(done.body, /<dt>Status<\/dt>\s*<dd>Archived<\/dd>/);
      assert.match(done.body, /it can be read, not changed/);
      assert.doesNotMatch(done.body, /id="edit"|\/archive"|Add a contact/);
      assert.equal((await ok(admin.GET('/clients/{id}', { params: { path: { id: old.id } } }))).status, 'archived');
      const listed = await b.get('/app/staff/clients?status=archived');
      assert.match(listed.body, />Old Partner<\/a>/);

      // A form left open on another tab: the API refuses to change an archived client, and the page says so.
      const late = await b.post(`/app/staff/clients/${old.id}`, {
        _csrf: csrfOf(done),
        name: 'Renamed',
        type: 'individual'
      });
      assert.equal(late.status, 422);
      assert.match(late.body, /<div class="alert" role="alert">[^<]*archived[^<]*<\/div>/);
      assert.equal((await ok(admin.GET('/clients/{id}', { params: { path: { id: old.id } } }))).name, 'Old Partner');
    });

    test('a plain user gets 403 on the clients pages, and its posts change nothing', async () => {
      const b = await signedIn('paul@example.com');
      for (const path of [
        '/app/staff/clients',
        `/app/staff/clients/${acme}`,
        `/app/staff/clients/${acme}/merge`,
        `/app/staff/clients/${acme}/archive`
      ]) {
        const page = await b.get(path);
        assert.equal(page.status, 403, path);
        assert.doesNotMatch(page.body, /id="edit"/);
      }
      const home = await b.get('/app/');
      const post = await b.post(`/app/staff/clients/${acme}/contacts`, { _csrf: csrfOf(home), name: 'Intruder' });
      assert.equal(post.status, 403);
      const contacts = await ok(admin.GET('/clients/{id}/contacts', { params: { path: { id: acme } } }));
      assert.ok(!contacts.data.some((c) => c.name === 'Intruder'));

      // Forged edit and archive posts are refused; the API refuses the same person on its own.
      const edit = await b.post(`/app/staff/clients/${acme}`, {
        _csrf: csrfOf(home),
        name: 'Hijacked',
        type: 'individual'
      });
      assert.equal(edit.status, 403);
      assert.match(edit.body, /Not allowed/);
      const archive = await b.post(`/app/staff/clients/${acme}/archive`, { _csrf: csrfOf(home) });
      assert.equal(archive.status, 403);
      const paul = createStyleFlowClient({ baseUrl: staff.gateway });
      await paul.login('paul@example.com', PASSWORD);
      const direct = await paul.PUT('/clients/{id}', { params: { path: { id: acme } }, body: { name: 'Hijacked' } });
      assert.equal(direct.response.status, 403);
      assert.equal((await paul.DELETE('/clients/{id}', { params: { path: { id: acme } } })).response.status, 403);
      const held = await ok(admin.GET('/clients/{id}', { params: { path: { id: acme } } }));
      assert.equal(held.name, 'Acme Ltd');
      assert.equal(held.status, 'active');
    });

    test('the clients pages in Russian', async () => {
      const b = await signedIn('boss@example.com', 'ru');
      const list = await b.get('/app/staff/clients');
      assert.match(list.body, /<h1>Клиенты<\/h1>/);
      const page = await b.get(`/app/staff/clients/${acme}`);
      assert.match(page.body, /Контакты/);
      assert.match(page.body, /История/);
      assert.match(page.body, /<summary>Изменить данные клиента<\/summary>/);
      assert.match(page.body, /Перенести клиента в архив…/);
    });
  });
}
