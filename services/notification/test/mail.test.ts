// E-mail (SPEC §3.8) against a real SMTP server started here: a registration's confirmation with its ticket in the
// user's language, once however often its fact arrives; a temporary refusal tried again, a permanent one failed;
// the optional messages a user turned off left out; event times in the event's own zone, named, in the text and on the
// ticket; and the password reset from the mailed link to a new login. On the in-process bus and on Kafka with
// PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AuthPasswordResetRequested,
  AuthUserRegistered,
  EventCancelled,
  EventCreated,
  EventUpdated,
  PaymentCompleted,
  PaymentRefunded,
  RegistrationCancelled,
  RegistrationCreated,
  RegistrationPromoted,
  UserUpdated
} from '@style-flow/contracts';
import { createEnvelope } from '@style-flow/platform';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount, signedCaller } from '../../../test/support/accounts.ts';
import { pdfText, poppler, popplerSkip } from '../../../test/support/pdf.ts';
import { modes, publishFact, serviceDatabase, startStack, type Stack } from '../../../test/support/stack.ts';
import { startTestSmtp, type TestSmtp } from './support/smtp.ts';

const day = 86_400_000;
type Message = {
  id: number;
  type: string;
  status: string;
  attempts: number;
  last_response: string | null;
  to: string | null;
};
const skipPdf = popplerSkip();

for (const m of modes) {
  describe(`notification service: e-mail over SMTP, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let smtp: TestSmtp;
    let admin: { id: number; token: string };
    let seq = 0;
    const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${seq++}@example.com`;

    const messages = async (query: string) => {
      const res = await stack.request<{ data: Message[] }>('GET', 'notification', `/notifications/messages?${query}`, {
        token: admin.token
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data;
    };
    /** The messages to an address once none of them is still on its way. */
    const settled = (to: string, count: number) =>
      eventually(
        async () => {
          const list = await messages(`to=${encodeURIComponent(to)}`);
          return list.length >= count && list.every((x) => x.status !== 'queued' && x.status !== 'retrying')
            ? list
            : null;
        },
        60_000,
        `${count} settled messages to ${to}`
      );

    before(async () => {
      smtp = await startTestSmtp();
      stack = await startStack(m.mode, ['auth', 'user', 'event', 'notification'], {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Style Flow <no-reply@style-flow.test>',
        PUBLIC_URL: 'https://events.example.com',
        MAIL_RETRY_BASE_MS: '200',
        NOTIFICATION_POLL_INTERVAL_MS: '100'
      });
      admin = await signedCaller(stack, 'admin');
    });
    after(async () => {
      await stack?.stop();
      await smtp?.stop();
    });

    test('registering for an event mails one confirmation with the ticket (PDF, .ics), in Russian for a ru user', async (t) => {
      const account = await registerAccount(stack, { first_name: 'Анна', last_name: 'Иванова' });
      const tokens = await login(stack, account);
      const welcome = await eventually(() => smtp.to(account.email)[0], 30_000, 'the welcome');
      assert.equal(welcome.subject, 'Welcome to Style Flow', 'before any settings: DEFAULT_LOCALE (en)');

      const put = await stack.request('PUT', 'user', `/users/${account.id}`, {
        token: tokens.access_token,
        body: { settings: { locale: 'ru' } }
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      // The copy of the user is the notification service's own: the test waits for it to hear of the change.
      const db = await serviceDatabase(stack, 'notification');
      t.after(() => db.end());
      await eventually(
        async () =>
          (await db.query('select locale from recipients where user_id = $1', [account.id])).rows[0]?.locale === 'ru',
        30_000,
        'the locale in the copy'
      );

      const manager = await signedCaller(stack, 'manager');
      const created = await stack.request<{ id: number }>('POST', 'event', '/events', {
        token: manager.token,
        body: {
          title: 'Конференция <Style> & Flow',
          start_date: new Date(Date.now() + 10 * day).toISOString(),
          end_date: new Date(Date.now() + 10 * day + 3_600_000).toISOString(),
          location: 'Зал «Север»',
          capacity: 5,
          category_id: 1
        }
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const registered = await stack.request<{ id: number; status: string }>(
        'POST',
        'event',
        `/events/${created.body.id}/register`,
        {
          token: tokens.access_token
        }
      );
      assert.equal(registered.body.status, 'confirmed');

      const [confirmation] = await eventually(
        () => {
          const mails = smtp.to(account.email).filter((x) => x.subject?.startsWith('Регистрация подтверждена'));
          return mails.length > 0 ? mails : null;
        },
        60_000,
        'the confirmation'
      );
      assert.equal(confirmation!.subject, 'Регистрация подтверждена: Конференция <Style> & Flow');
      assert.match(confirmation!.text!, /Вы зарегистрированы на «Конференция <Style> & Flow»/);
      assert.match(confirmation!.text!, /Где: Зал «Север»/);
      assert.match(
        String(confirmation!.html),
        /Конференция &lt;Style&gt; &amp; Flow/,
        'interpolated text is escaped in HTML'
      );
      assert.ok(!String(confirmation!.html).includes('<Style>'));
      assert.match(confirmation!.messageId!, /^<message-\d+\.[0-9a-f-]+@style-flow\.test>$/);
      const files = confirmation!.attachments.map((a) => [a.filename, a.contentType]);
      const name = `ticket-${created.body.id}-${registered.body.id}`;
      assert.deepEqual(files, [
        [`${name}.pdf`, 'application/pdf'],
        [`${name}.ics`, 'text/calendar']
      ]);
      const ics = confirmation!.attachments[1]!.content.toString();
      assert.match(ics, /BEGIN:VEVENT/);
      assert.match(ics, /SUMMARY:Конференция <Style> & Flow/);

      // The ticket in the mail is the one the event service serves: the same signed code.
      const ticket = await stack.request<{ code: string }>(
        'GET',
        'event',
        `/events/${created.body.id}/registrations/${registered.body.id}/ticket`,
        { token: tokens.access_token }
      );
      assert.equal(ticket.status, 200);
      if (!skipPdf) {
        const text = (await poppler('pdftotext', ['-', '-'], confirmation!.attachments[0]!.content)).toString();
        assert.match(text, /Анна Иванова/);
        assert.ok(text.replace(/\s/g, '').includes(ticket.body.code), 'the printed code is the ticket code');
      } else t.diagnostic(`PDF text not read: ${skipPdf}`);

      const list = await settled(account.email, 2);
      assert.deepEqual(list.map((x) => [x.type, x.status]).sort(), [
        ['registration_confirmed', 'sent'],
        ['welcome', 'sent']
      ]);
      assert.equal(smtp.to(account.email).length, 2, 'one welcome, one confirmation');
    });

    test('a 421 is tried again and then delivered; a 550 fails the message for good', async () => {
      const later = address('later');
      const never = address('never');
      smtp.answer = (to, tries) => (to === later && tries === 1 ? 421 : to === never ? 550 : null);
      for (const [i, email] of [later, never].entries())
        await publishFact(stack, AuthUserRegistered, 'auth', 900_000 + seq * 10 + i, {
          id: 900_000 + seq * 10 + i,
          username: `mail${seq}${i}`,
          email,
          first_name: null,
          last_name: null,
          role: 'user',
          registered_at: new Date().toISOString()
        });
      const [delivered] = await settled(later, 1);
      assert.deepEqual([delivered!.status, delivered!.attempts], ['sent', 2]);
      assert.equal(smtp.to(later).length, 1);
      assert.equal(smtp.refused.get(later), 1);
      const [failed] = await settled(never, 1);
      assert.deepEqual([failed!.status, failed!.attempts], ['failed', 1], 'a 5xx is not tried again');
      assert.match(failed!.last_response!, /550/);
      assert.equal(smtp.to(never).length, 0);
      smtp.answer = () => null;
    });

    test('a fact that arrives twice (and again later) sends one message', async () => {
      const email = address('twice');
      const userId = 910_000 + seq;
      const reset = {
        user_id: userId,
        email,
        token: 'a-reset-token-of-the-test',
        expires_at: new Date(Date.now() + 3_600_000).toISOString()
      };
      // One fact, delivered twice at once and once more after its message went out (a consumer restarted
      // before its offset was committed): the same envelope, the same id.
      const envelope = createEnvelope('auth', AuthPasswordResetRequested.type, userId, reset);
      const deliver = () =>
        stack.transport.publish([
          { topic: AuthPasswordResetRequested.topic, key: String(userId), value: JSON.stringify(envelope), headers: {} }
        ]);
      await deliver();
      await deliver();
      await settled(email, 1);
      await deliver();
      const marker = address('marker');
      // A later fact on the same topic and key: once its message is settled, the redelivery was applied before it.
      await publishFact(stack, AuthPasswordResetRequested, 'auth', userId, { ...reset, email: marker });
      await settled(marker, 1);
      const list = await settled(email, 1);
      assert.deepEqual(
        list.map((x) => x.status),
        ['sent']
      );
      assert.equal(smtp.to(email).length, 1);
      assert.match(
        smtp.to(email)[0]!.text!,
        /https:\/\/events\.example\.com\/app\/reset-password\?token=a-reset-token-of-the-test/
      );
    });

    test('a user with optional_messages false gets only the essential messages', async () => {
      const email = address('quiet');
      const userId = 920_000 + seq;
      await publishFact(stack, UserUpdated, 'user', userId, {
        id: userId,
        username: `quiet${seq}`,
        email,
        first_name: 'Q',
        last_name: null,
        role: 'user',
        status: 'active',
        locale: 'en',
        optional_messages: false
      });
      const eventId = 930_000 + seq;
      await publishFact(stack, EventCreated, 'event', eventId, {
        id: eventId,
        title: 'Quiet meetup',
        start_date: new Date(Date.now() + 5 * day).toISOString(),
        end_date: new Date(Date.now() + 5 * day + 3_600_000).toISOString(),
        location: null,
        capacity: 1,
        category_id: 1,
        price: null,
        currency: null,
        organizer_id: 1,
        status: 'scheduled'
      });
      const registration = (id: number, status: 'waitlisted' | 'confirmed') => ({
        id,
        event_id: eventId,
        user_id: userId,
        status,
        payment_id: null,
        cancel_reason: null
      });
      // A waiting-list notice is optional; a reset link is essential.
      await publishFact(stack, RegistrationCreated, 'event', 940_000 + seq, registration(940_000 + seq, 'waitlisted'));
      await publishFact(stack, AuthPasswordResetRequested, 'auth', userId, {
        user_id: userId,
        email,
        token: 'quiet-token',
        expires_at: new Date(Date.now() + 3_600_000).toISOString()
      });
      const list = await settled(email, 2);
      assert.deepEqual(list.map((x) => [x.type, x.status]).sort(), [
        ['password_reset', 'sent'],
        ['registration_waitlisted', 'skipped']
      ]);
      assert.deepEqual(
        smtp.to(email).map((x) => x.subject),
        ['Reset your Style Flow password']
      );
    });

    test('the other messages of SPEC §3.8, in Russian: waitlisted, promoted, hold expired, receipt and refund with their PDFs, event changed and cancelled to every registrant', async () => {
      const email = address('ru');
      const userId = 950_000 + seq;
      const other = { id: 960_000 + seq, email: address('ru-other') };
      for (const [id, to] of [
        [userId, email],
        [other.id, other.email]
      ] as const)
        await publishFact(stack, UserUpdated, 'user', id, {
          id,
          username: `ru${id}`,
          email: to,
          first_name: 'Иван',
          last_name: 'Иванов',
          role: 'user',
          status: 'active',
          locale: 'ru',
          optional_messages: true
        });
      const eventId = 970_000 + seq;
      const event = {
        id: eventId,
        title: 'Конференция «Весна»',
        start_date: new Date(Date.now() + 10 * day).toISOString(),
        end_date: new Date(Date.now() + 10 * day + 3_600_000).toISOString(),
        location: 'Москва, зал 1',
        capacity: 1,
        category_id: 1,
        price: '100.00',
        currency: 'RUB',
        organizer_id: 1,
        status: 'scheduled' as const
      };
      await publishFact(stack, EventCreated, 'event', eventId, event);
      const registration = (id: number, user: number, status: 'waitlisted' | 'confirmed' | 'cancelled') => ({
        id,
        event_id: eventId,
        user_id: user,
        status,
        payment_id: null,
        cancel_reason: status === 'cancelled' ? ('hold_expired' as const) : null
      });
      const waiting = 980_000 + seq;
      await publishFact(stack, RegistrationCreated, 'event', waiting, registration(waiting, userId, 'waitlisted'));
      await publishFact(stack, RegistrationPromoted, 'event', waiting, registration(waiting, userId, 'confirmed'));
      const held = 990_000 + seq;
      await publishFact(stack, RegistrationCancelled, 'event', held, registration(held, other.id, 'cancelled'));
      const payment = {
        id: 7_000_000 + seq,
        amount: '100.00',
        currency: 'RUB',
        status: 'completed' as const,
        refunded_amount: '0.00',
        user_id: userId,
        event_id: eventId,
        client_id: null,
        payment_method_id: 1,
        description: 'Оплата участия',
        invoice_number: `SF-2026-${String(seq).padStart(6, '0')}`
      };
      await publishFact(stack, PaymentCompleted, 'payment', payment.id, payment);
      await publishFact(stack, PaymentRefunded, 'payment', payment.id, {
        ...payment,
        status: 'partially_refunded',
        refunded_amount: '40.00',
        refund: {
          id: 8_000_000 + seq,
          amount: '40.00',
          reason: 'Не смогу приехать',
          credit_note_number: 'CN-2026-000001'
        }
      });
      const before = await settled(email, 4);
      assert.deepEqual(before.map((x) => [x.type, x.status]).sort(), [
        ['payment_receipt', 'sent'],
        ['payment_refund', 'sent'],
        ['registration_promoted', 'sent'],
        ['registration_waitlisted', 'sent']
      ]);
      assert.deepEqual(
        (await settled(other.email, 1)).map((x) => [x.type, x.status]),
        [['hold_expired', 'sent']]
      );
      // The registrations are known here now: a move and a cancellation reach every registrant still in it.
      await publishFact(stack, EventUpdated, 'event', eventId, { ...event, location: 'Москва, зал 2' });
      await publishFact(stack, EventCancelled, 'event', eventId, {
        ...event,
        location: 'Москва, зал 2',
        status: 'cancelled'
      });
      const after = await settled(email, 6);
      assert.deepEqual(
        after
          .map((x) => x.type)
          .filter((t) => t.startsWith('event_'))
          .sort(),
        ['event_cancelled', 'event_changed']
      );
      assert.equal(
        (await messages(`to=${encodeURIComponent(other.email)}`)).length,
        1,
        'no news to one whose hold ran out'
      );

      const mails = new Map(smtp.to(email).map((mail) => [mail.subject ?? '', mail]));
      assert.deepEqual([...mails.keys()].sort(), [
        'Возврат 40.00 RUB',
        'Изменения: Конференция «Весна»',
        'Квитанция: счёт ' + payment.invoice_number,
        'Лист ожидания: Конференция «Весна»',
        'Мероприятие отменено: Конференция «Весна»',
        'Место освободилось: Конференция «Весна»'
      ]);
      const pdfs = (subject: string) =>
        (mails.get(subject)?.attachments ?? []).filter((a) => a.contentType === 'application/pdf');
      assert.equal(pdfs(`Квитанция: счёт ${payment.invoice_number}`).length, 1, 'the receipt carries the invoice');
      assert.ok(pdfs('Возврат 40.00 RUB').length >= 1, 'the refund carries its credit note');
      assert.match(mails.get('Изменения: Конференция «Весна»')!.text ?? '', /зал 2/);
      // Promoted into a confirmed seat: no word of paying for it.
      assert.match(mails.get('Место освободилось: Конференция «Весна»')!.text ?? '', /Место за вами\./);
      assert.equal(smtp.to(other.email)[0]?.subject, 'Бронь истекла: Конференция «Весна»');
    });

    test("event times in the event's own zone, named, in both languages and on the ticket; an event with no zone in its facts reads UTC", async (t) => {
      // Ten days on at 07:00Z, for two hours: 10:00–12:00 in Moscow (UTC+3 all year).
      const start = new Date(Math.ceil(Date.now() / day) * day + 10 * day + 7 * 3_600_000);
      const end = new Date(start.getTime() + 2 * 3_600_000);
      const ticketPdf = async (mail: { attachments: { contentType: string; content: Buffer }[] }) => {
        const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
        assert.ok(pdf, 'the ticket is attached');
        return (await pdfText(pdf.content)).replace(/\s+/g, ' ');
      };
      const mailTo = (to: string, subject: string) =>
        eventually(() => smtp.to(to).find((x) => x.subject === subject), 60_000, `"${subject}" to ${to}`);

      // End to end: the event service announces the zone, and the mail and its ticket show the event's wall clock.
      const account = await registerAccount(stack);
      const tokens = await login(stack, account);
      const manager = await signedCaller(stack, 'manager');
      const created = await stack.request<{ id: number; time_zone: string }>('POST', 'event', '/events', {
        token: manager.token,
        body: {
          title: 'Moscow morning',
          start_date: start.toISOString(),
          end_date: end.toISOString(),
          location: 'Moscow',
          capacity: 5,
          category_id: 1,
          time_zone: 'Europe/Moscow'
        }
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.time_zone, 'Europe/Moscow');
      const registered = await stack.request<{ status: string }>(
        'POST',
        'event',
        `/events/${created.body.id}/register`,
        {
          token: tokens.access_token
        }
      );
      assert.equal(registered.body.status, 'confirmed');
      const en = await mailTo(account.email, 'Registration confirmed: Moscow morning');
      assert.match(en.text!, /When: \d+\s\w+\s\d{4}, 10:00–12:00 Europe\/Moscow\n/);
      assert.ok(!en.text!.includes('UTC'), en.text!);
      assert.match(String(en.html), /10:00–12:00 Europe\/Moscow/);

      // The same event to a Russian reader: the Russian text names the zone the same way.
      const email = address('zone-ru');
      const userId = 1_100_000 + seq;
      await publishFact(stack, UserUpdated, 'user', userId, {
        id: userId,
        username: `zone${userId}`,
        email,
        first_name: 'Ольга',
        last_name: null,
        role: 'user',
        status: 'active',
        locale: 'ru',
        optional_messages: true
      });
      const confirmed = (id: number, eventId: number) => ({
        id,
        event_id: eventId,
        user_id: userId,
        status: 'confirmed' as const,
        payment_id: null,
        cancel_reason: null,
        ticket_code: `ZONE-TEST-CODE-${id}`,
        ticket_version: 1
      });
      await publishFact(
        stack,
        RegistrationCreated,
        'event',
        1_200_000 + seq,
        confirmed(1_200_000 + seq, created.body.id)
      );
      const ru = await mailTo(email, 'Регистрация подтверждена: Moscow morning');
      assert.match(ru.text!, /Когда: \d+\s\S+\s\d{4}\sг\., 10:00–12:00 Europe\/Moscow\n/);
      assert.ok(!ru.text!.includes('UTC'), ru.text!);

      // An event announced before events had zones: no time_zone in its facts, so UTC, named.
      const eventId = 1_300_000 + seq;
      const old = {
        id: eventId,
        title: 'Zoneless',
        start_date: start.toISOString(),
        end_date: end.toISOString(),
        location: null,
        capacity: 5,
        category_id: 1,
        price: null,
        currency: null,
        organizer_id: 1,
        status: 'scheduled' as const
      };
      await publishFact(stack, EventCreated, 'event', eventId, old);
      await publishFact(stack, RegistrationCreated, 'event', 1_400_000 + seq, confirmed(1_400_000 + seq, eventId));
      const utc = await mailTo(email, 'Регистрация подтверждена: Zoneless');
      assert.match(utc.text!, /Когда: \d+\s\S+\s\d{4}\sг\., 07:00–09:00 UTC\n/);

      if (!skipPdf) {
        assert.match(await ticketPdf(en), /, 10:00–12:00 Europe\/Moscow/);
        assert.match(await ticketPdf(ru), /, 10:00–12:00 Europe\/Moscow/);
        assert.match(await ticketPdf(utc), /, 07:00–09:00 UTC/);
      } else t.diagnostic(`PDF text not read: ${skipPdf}`);

      // A message drawn from its fact alone takes the zone from the fact: the event now in Moscow, an hour later,
      // and before that in UTC.
      const later = (d: Date) => new Date(d.getTime() + 3_600_000).toISOString();
      await publishFact(stack, EventUpdated, 'event', eventId, {
        ...old,
        start_date: later(start),
        end_date: later(end),
        time_zone: 'Europe/Moscow'
      });
      const changed = await mailTo(email, 'Изменения: Zoneless');
      assert.match(changed.text!, /Когда: \d+\s\S+\s\d{4}\sг\., 11:00–13:00 Europe\/Moscow\n/);
      assert.match(changed.text!, /Раньше: \d+\s\S+\s\d{4}\sг\., 07:00–09:00 UTC, уточняется\./);

      // A message queued before events had zones has none in its payload: its event ran in UTC.
      const db = await serviceDatabase(stack, 'notification');
      t.after(() => db.end());
      await db.query(
        `insert into messages (fact_id, recipient_id, type, payload) values (gen_random_uuid(), $1, 'event_cancelled', $2)`,
        [
          userId,
          {
            event_id: eventId,
            title: 'Queued long ago',
            start_date: old.start_date,
            end_date: old.end_date,
            location: null
          }
        ]
      );
      const cancelled = await mailTo(email, 'Мероприятие отменено: Queued long ago');
      assert.match(cancelled.text!, /«Queued long ago» \(\d+\s\S+\s\d{4}\sг\., 07:00–09:00 UTC\) отменено\./);
    });

    test('password reset end to end: the mailed link sets a new password, which then logs in', async () => {
      const account = await registerAccount(stack);
      const started = await stack.request('POST', 'auth', '/auth/reset-password', { body: { email: account.email } });
      assert.equal(started.status, 202);
      const mail = await eventually(
        () => smtp.to(account.email).find((x) => x.subject === 'Reset your Style Flow password'),
        60_000,
        'the reset mail'
      );
      const link = /https:\/\/events\.example\.com\/app\/reset-password\?token=(\S+)/.exec(mail.text!);
      assert.ok(link, mail.text);
      const token = decodeURIComponent(link[1]!);
      const done = await stack.request('POST', 'auth', '/auth/reset-password', {
        body: { token, new_password: 'a-brand-new-password' }
      });
      assert.equal(done.status, 204, JSON.stringify(done.body));
      const relogin = await login(stack, { email: account.email, password: 'a-brand-new-password' });
      assert.equal(relogin.token_type, 'Bearer');
      // Once sent, the token is no longer kept with the message.
      const db = await serviceDatabase(stack, 'notification');
      const { rows } = await db.query(
        `select payload from messages where type = 'password_reset' and lower(to_address) = lower($1)`,
        [account.email]
      );
      await db.end();
      assert.equal(rows[0]?.payload.token, undefined);
    });
  });
}
