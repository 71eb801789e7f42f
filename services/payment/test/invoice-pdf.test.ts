// The invoice PDF as a reader shows it (SPEC §3.6): the seed's own payment, «Оплата участия в конференции» by
// «Иван Иванов» (his name from his registration with the auth service) for the client «ООО Пример», and a credit
// note with a Cyrillic reason, come out of pdftotext exactly as written — set in the font shipped with the program
// and embedded as a subset, not Helvetica's '?'. pdftotext is Debian's poppler-utils: CI installs it; elsewhere the
// suite skips, saying so.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount, type Caller } from '../../../test/support/accounts.ts';
import { paymentDatabase, paymentServiceClient, quickProvider } from '../../../test/support/payment-client.ts';
import { pdfText, popplerSkip } from '../../../test/support/pdf.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const skip = popplerSkip();

for (const m of modes) {
  describe(`the invoice PDF with the seed's Cyrillic payment, ${m.name}`, { skip: m.skip || skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    const payments = paymentServiceClient(() => stack);
    let ivan: Caller;

    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user', 'client', 'payment'], quickProvider);
      db = await paymentDatabase(stack);
      // The first account of an empty system is its admin (SPEC §2), as the seed's user1 is.
      const account = await registerAccount(stack, { first_name: 'Иван', last_name: 'Иванов' });
      ivan = { id: account.id, token: (await login(stack, account)).access_token };
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      await stack?.stop();
    });

    test('the seed payment and its credit note read as written in the PDF', async () => {
      const created = await stack.request<{ id: number }>('POST', 'client', '/clients', {
        token: ivan.token,
        body: { name: 'ООО Пример', type: 'organization', industry: 'IT', description: 'IT-компания' }
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const clientId = created.body.id;
      // The invoice takes the payer's name and the client's name from the payment service's copies of them.
      await eventually(
        async () => {
          const { rows } = await db.query(
            `select 1 from known_users u, known_clients c
             where u.id = $1 and u.first_name = 'Иван' and u.last_name = 'Иванов' and c.id = $2`,
            [ivan.id, clientId]
          );
          return rows.length === 1;
        },
        30_000,
        'the payment service to know Иван Иванов and ООО Пример'
      );
      const paid = await payments.paid(ivan, {
        amount: 5000,
        currency: 'RUB',
        payment_method_id: 1,
        client_id: clientId,
        description: 'Оплата участия в конференции'
      });
      assert.equal(paid.status, 'completed');
      const refund = await payments.refund(ivan, paid.id, { amount: '1000.00', reason: 'Частичный возврат участнику' });
      assert.equal(refund.status, 201, JSON.stringify(refund.body));

      const res = await fetch(`${stack.url('payment')}/payments/${paid.id}/invoice`, {
        headers: { authorization: `Bearer ${ivan.token}`, accept: 'application/pdf' }
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      const text = await pdfText(pdf);
      for (const written of [
        'Оплата участия в конференции',
        'Иван Иванов',
        'ООО Пример',
        `Invoice ${paid.invoice_number}`,
        'Total: 5000.00 RUB',
        refund.body.credit_note_number!,
        '-1000.00 RUB',
        'Частичный возврат участнику'
      ]) {
        assert.ok(text.includes(written), `«${written}» in the PDF's text:\n${text}`);
      }
      assert.ok(!text.includes('?'), `no character replaced by '?':\n${text}`);
      // Both weights of the shipped font are embedded as subsets (a tag before the name), not whole (≈ 700 KB each).
      const raw = pdf.toString('latin1');
      assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
      assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
      assert.ok(pdf.length < 100_000, `the PDF is ${pdf.length} bytes`);
    });
  });
}
