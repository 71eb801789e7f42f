// The admin area (SPEC §3.8, §3.9) through the gateway, as a browser uses it: webhook endpoints (the secret shown
// once, edit, rotate, deliveries and replay, delete with a confirmation) and the mail log with the mailbox.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ok, type StyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';
import { modes } from '../../../test/support/stack.ts';
import { csrfOf } from './support/browser.ts';
import { startStaff, type Staff } from './support/staff.ts';

// Nothing listens there: deliveries fail and are retried, which is what the deliveries table shows.
const TARGET = 'http://127.0.0.1:9/hook';

for (const m of modes) {
  describe(`console admin: webhooks and mail log, ${m.name}`, { skip: m.skip }, () => {
    let staff: Staff;
    let admin: StyleFlowClient;
    let hookId: number;
    const signedIn = (email: string, language?: string) => staff.signedIn(email, language);
    const register = (username: string) => staff.register(username);

    before(async () => {
      staff = await startStaff(m.mode, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
      admin = staff.admin;
    });
    after(() => staff?.stack.stop());

    test('an admin adds an endpoint: the secret is shown once, then never again', async () => {
      const b = await signedIn('boss@example.com');
      const list = await b.get('/app/admin/webhooks');
      assert.equal(list.status, 200);
      assert.match(list.body, /No webhook endpoint yet/);
      const refused = await b.post('/app/admin/webhooks', {
        _csrf: csrfOf(list),
        url: 'http://10.1.2.3/hook',
        events: '*',
        description: ''
      });
      assert.ok(refused.status >= 400 && refused.status < 500, String(refused.status));
      assert.match(refused.body, /<div class="alert" role="alert">[^<]+<\/div>/);
      assert.match(refused.body, /value="http:\/\/10\.1\.2\.3\/hook"/);

      const made = await b.post('/app/admin/webhooks', {
        _csrf: csrfOf(refused),
        url: TARGET,
        events: '*',
        description: 'Test receiver'
      });
      assert.equal(made.status, 201);
      const secret = /value="(whsec_[^"]+)"/.exec(made.body)?.[1];
      assert.ok(secret, 'the secret is in the answer to the creation');
      assert.match(made.body, /it is not shown again/);
      const hooks = await ok(admin.GET('/webhooks'));
      hookId = hooks.data[0]!.id;
      const again = await b.get(`/app/admin/webhooks/${hookId}`);
      assert.equal(again.status, 200);
      assert.ok(!again.body.includes(secret), 'the secret is not shown again');
      assert.doesNotMatch(again.body, /whsec_/);

      const rotated = await b.post(`/app/admin/webhooks/${hookId}/rotate`, { _csrf: csrfOf(again) });
      assert.equal(rotated.status, 200);
      const second = /value="(whsec_[^"]+)"/.exec(rotated.body)?.[1];
      assert.ok(second && second !== secret);
      assert.match(rotated.body, /still signs until/);
    });

    test('an admin edits an endpoint, sees its failed deliveries with each attempt, and replays one', async () => {
      const b = await signedIn('boss@example.com');
      let page = await b.get(`/app/admin/webhooks/${hookId}`);
      page = await b.post(`/app/admin/webhooks/${hookId}`, {
        _csrf: csrfOf(page),
        url: TARGET,
        events: 'auth.user.registered, user.*',
        description: 'Sign-ups'
      });
      assert.match(page.body, /Saved\./);
      assert.deepEqual((await ok(admin.GET('/webhooks/{id}', { params: { path: { id: hookId } } }))).events, [
        'auth.user.registered',
        'user.*'
      ]);
      await register('vera');
      await eventually(
        async () => {
          const d = await ok(admin.GET('/webhooks/{id}/deliveries', { params: { path: { id: hookId } } }));
          return d.data.some((x) => x.attempts.length > 0);
        },
        30_000,
        'a delivery attempt'
      );
      page = await b.get(`/app/admin/webhooks/${hookId}`);
      assert.match(page.body, /<h2 id="deliveries-title">Deliveries<\/h2>/);
      assert.match(page.body, /Retrying|Failed/);
      const replay = /action="(\/app\/admin\/webhooks\/\d+\/deliveries\/\d+\/replay)"/.exec(page.body)?.[1];
      assert.ok(replay, 'a replay button');
      const replayed = await b.post(replay, { _csrf: csrfOf(page) });
      assert.equal(replayed.status, 200);
      assert.match(replayed.body, /The delivery starts again/);
    });

    test('the mail log lists the welcome messages, filters them, resends one; the mailbox shows the text', async () => {
      const b = await signedIn('boss@example.com');
      await eventually(
        async () =>
          (await ok(admin.GET('/notifications/messages', { params: { query: { type: 'welcome' } } }))).data.length >= 3,
        30_000,
        'welcome messages'
      );
      const log = await b.get('/app/admin/mail');
      assert.equal(log.status, 200);
      assert.match(log.body, /<td>mia@example\.com<\/td>/);
      const filtered = await b.get('/app/admin/mail?to=paul%40example.com', {
        'hx-request': 'true',
        'hx-target': 'mail-list'
      });
      assert.match(filtered.body, /^<div id="mail-list">/);
      assert.match(filtered.body, /paul@example\.com/);
      assert.doesNotMatch(filtered.body, /mia@example\.com/);
      const sent = await ok(
        admin.GET('/notifications/messages', { params: { query: { status: 'sent', to: 'paul@example.com' } } })
      );
      const message = sent.data[0]!;
      const resent = await b.post(`/app/admin/mail/${message.id}/resend`, { _csrf: csrfOf(log) });
      assert.equal(resent.status, 200);
      assert.match(resent.body, /The message is queued to be sent again/);

      const mailbox = await b.get('/app/admin/mail/mailbox?to=paul%40example.com');
      assert.equal(mailbox.status, 200);
      assert.match(mailbox.body, /<article class="mail">/);
      assert.match(mailbox.body, /<pre>[^<]+/);
    });

    test('deleting an endpoint asks first', async () => {
      const b = await signedIn('boss@example.com');
      const ask = await b.get(`/app/admin/webhooks/${hookId}/delete`);
      assert.match(ask.body, /Delete this endpoint\?/);
      assert.equal((await ok(admin.GET('/webhooks'))).data.length, 1);
      const done = await b.post(`/app/admin/webhooks/${hookId}/delete`, { _csrf: csrfOf(ask) });
      assert.equal(done.status, 200);
      assert.match(done.body, /The endpoint is deleted/);
      assert.equal((await ok(admin.GET('/webhooks'))).data.length, 0);
    });

    test('a manager and a plain user get 403 on the admin pages', async () => {
      for (const email of ['mia@example.com', 'paul@example.com']) {
        const b = await signedIn(email);
        for (const path of ['/app/admin/webhooks', '/app/admin/mail', '/app/admin/mail/mailbox']) {
          assert.equal((await b.get(path)).status, 403, `${email} ${path}`);
        }
        const home = await b.get('/app/');
        const post = await b.post('/app/admin/webhooks', { _csrf: csrfOf(home), url: TARGET, events: '*' });
        assert.equal(post.status, 403);
      }
      assert.equal((await ok(admin.GET('/webhooks'))).data.length, 0);
    });

    test('the mail log in Russian', async () => {
      const b = await signedIn('boss@example.com', 'ru');
      const page = await b.get('/app/admin/mail');
      assert.match(page.body, /<h1>Журнал писем<\/h1>/);
      assert.match(page.body, /Приветствие/);
    });
  });
}
