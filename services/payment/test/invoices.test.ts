// Invoices and credit notes (SPEC §3.6): numbers from a gapless series per year even under 200 concurrent
// completions (each pressed twice at once), a credit note per refund referring to its invoice, and the invoice
// as JSON or, with Accept: application/pdf, a PDF that carries its number.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  paymentDatabase,
  paymentServiceClient,
  quickProvider,
  type Payment
} from '../../../test/support/payment-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

/** The numbers of a series as issued, in order: they must be 1..n with none missing. */
async function numbersOf(db: pg.Client, table: 'invoices' | 'credit_notes', series: string): Promise<number[]> {
  const { rows } = await db.query<{ number: number }>(`select number from ${table} where series = $1 order by number`, [
    series
  ]);
  return rows.map((r) => r.number);
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

for (const m of modes) {
  describe(`invoices and credit notes, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let db: pg.Client;
    const client = paymentServiceClient(() => stack);
    let payer: Caller;
    let admin: Caller;
    let manager: Caller;
    const year = new Date().getUTCFullYear();

    before(async () => {
      stack = await startStack(m.mode, ['payment'], quickProvider);
      db = await paymentDatabase(stack);
      [payer, admin, manager] = [await client.caller(), await client.caller('admin'), await client.caller('manager')];
    });
    after(async () => {
      await db?.end().catch(() => undefined);
      await stack?.stop();
    });

    test('200 concurrent completions, each pressed twice at once: 200 invoices numbered without a gap', async () => {
      const pending: Payment[] = [];
      for (let i = 0; i < 200; i += 20) {
        pending.push(
          ...(await Promise.all(
            Array.from({ length: 20 }, (_, j) =>
              client.paid(payer, { amount: `${10 + i + j}.00`, payment_method_id: 2 + ((i + j) % 2) })
            )
          ))
        );
      }
      assert.ok(pending.every((p) => p.status === 'pending'));
      const completions = await Promise.all(
        [...pending, ...pending].map((p, i) =>
          client.call<Payment>('POST', `/payments/${p.id}/complete`, i % 2 ? admin : manager)
        )
      );
      const ok = completions.filter((c) => c.status === 200);
      assert.equal(ok.length, 200, 'each payment completes once');
      assert.equal(completions.filter((c) => c.status === 409).length, 200, 'the second press finds it paid');
      const numbers = ok.map((c) => c.body.invoice_number!);
      assert.equal(new Set(numbers).size, 200);
      assert.ok(numbers.every((n) => n.startsWith(`SF-${year}-`)));
      const issued = await numbersOf(db, 'invoices', `SF-${year}`);
      assert.deepEqual(issued, oneToN(issued.length), 'the series has no gap');
      assert.equal(issued.length, 200);
    });

    test('each refund issues a credit note referring to the invoice, from its own gapless series', async () => {
      const p = await client.paid(payer, { amount: '90.00' });
      const refunds = await Promise.all(
        [10, 20, 30].map((amount) => client.refund(admin, p.id, { amount, reason: `part ${amount}` }))
      );
      assert.ok(refunds.every((r) => r.status === 201 && r.body.credit_note_number?.startsWith(`CN-${year}-`)));
      const invoice = await client.invoice(payer, p.id);
      assert.equal(invoice.number, p.invoice_number);
      assert.deepEqual(
        invoice.credit_notes.map((c) => c.invoice_number),
        [p.invoice_number, p.invoice_number, p.invoice_number]
      );
      assert.deepEqual(invoice.credit_notes.map((c) => c.amount).sort(), ['10.00', '20.00', '30.00']);
      const notes = await numbersOf(db, 'credit_notes', `CN-${year}`);
      assert.deepEqual(notes, oneToN(notes.length));
    });

    test('the invoice as a PDF with Accept: application/pdf: a PDF document that carries its number', async () => {
      const p = await client.paid(payer, { amount: '1234.50', currency: 'RUB', description: 'Workshop seat' });
      await client.refund(admin, p.id, { amount: '234.50', reason: 'discount' });
      const res = await fetch(`${stack.url('payment')}/payments/${p.id}/invoice`, {
        headers: { authorization: `Bearer ${payer.token}`, accept: 'application/pdf' }
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(res.headers.get('vary') ?? '', /accept/i);
      const pdf = Buffer.from(await res.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = pdf.toString('latin1');
      assert.ok(text.includes(`(Invoice ${p.invoice_number})`), 'the number is the document title');
      assert.ok(text.trimEnd().endsWith('%%EOF'));
      // JSON stays the default, and is chosen when preferred.
      const json = await fetch(`${stack.url('payment')}/payments/${p.id}/invoice`, {
        headers: { authorization: `Bearer ${payer.token}`, accept: 'application/json, application/pdf;q=0.5' }
      });
      assert.match(json.headers.get('content-type') ?? '', /application\/json/);
      const other = await client.caller();
      assert.equal((await client.call('GET', `/payments/${p.id}/invoice`, other)).status, 404);
    });
  });
}
