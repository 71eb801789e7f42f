import type { PageContext } from '../../http/page-context.ts';
import { alertBox, emptyState, field, notice, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { refundable, waitsForStaff, type Invoice, type LedgerRow, type Payment, type Refund } from './payment-types.ts';
import { ledgerTable } from './ledger-views.ts';
import { PAYMENTS } from './payments-views.ts';

export interface PaymentPage {
  payment: Payment;
  method: string;
  refunds: Refund[];
  invoice: Invoice | null;
  ledger: LedgerRow[];
  canRefund: boolean;
  message?: string | null;
  /** The API's refusal of a refund, shown next to the refund form, with what was typed. */
  refundError?: string | null;
  refundInput?: { amount: string; reason: string };
}

function facts(page: PageContext, p: Payment, method: string): Html {
  const { t, fmt } = page;
  const fact = (label: string, value: Html | string | null) =>
    value === null || value === ''
      ? ''
      : html`<dt>${label}</dt>
          <dd>${value}</dd>`;
  return html`<dl class="facts">
    ${fact(t('common.status'), t(`payment.${p.status}`))} ${fact(t('payments.amount'), fmt.money(p.amount, p.currency))}
    ${fact(t('staffPayments.refunded'), fmt.money(p.refunded_amount, p.currency))}
    ${fact(t('staffPayments.refundable'), fmt.money(p.refundable_amount, p.currency))}
    ${fact(t('staffPayments.method'), method)}
    ${fact(t('staffPayments.payer'), t('staffPayments.userRef', { id: p.user_id }))}
    ${fact(
      t('staffPayments.event'),
      p.event_id
        ? html`<a href="/app/events/${p.event_id}">${t('staffPayments.eventRef', { id: p.event_id })}</a>`
        : null
    )}
    ${fact(
      t('staffPayments.client'),
      p.client_id
        ? html`<a href="/app/staff/clients/${p.client_id}">${t('staffPayments.clientRef', { id: p.client_id })}</a>`
        : null
    )}
    ${fact(t('payments.description'), p.description)} ${fact(t('staffPayments.failure'), p.failure_reason)}
    ${fact(t('staffPayments.created'), fmt.dateTime(p.created_at))}
    ${fact(t('staffPayments.settled'), p.settled_at ? fmt.dateTime(p.settled_at) : null)}
  </dl>`;
}

function refundForm(page: PageContext, v: PaymentPage): Html {
  const { t, fmt } = page;
  const p = v.payment;
  const remaining = fmt.money(p.refundable_amount, p.currency);
  return html`<section aria-labelledby="refund-h">
    <h2 id="refund-h">${t('staffPayments.refundTitle')}</h2>
    ${alertBox(v.refundError)}
    ${postForm(
      page,
      `${PAYMENTS}/${p.id}/refund`,
      html`${field({
          name: 'amount',
          label: t('staffPayments.refundAmount', { currency: p.currency }),
          value: v.refundInput?.amount ?? '',
          hint: t('staffPayments.refundAmountHint', {
            remaining,
            example: page.locale === 'ru' ? '1 500,50' : '1,500.50'
          })
        })}
        ${field({ name: 'reason', label: t('staffPayments.refundReason'), value: v.refundInput?.reason ?? '' })}
        <div><button type="submit">${t('staffPayments.refundContinue')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
}

function refundsTable(page: PageContext, refunds: Refund[]): Html {
  const { t, fmt } = page;
  if (refunds.length === 0) return emptyState(t('staffPayments.noRefunds'));
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('payments.date')}</th>
        <th scope="col">${t('payments.amount')}</th>
        <th scope="col">${t('common.status')}</th>
        <th scope="col">${t('staffPayments.refundReason')}</th>
        <th scope="col">${t('staffPayments.creditNote')}</th>
      </tr>
    </thead>
    <tbody>
      ${refunds.map(
        (r) =>
          html`<tr>
            <td>${fmt.dateTime(r.created_at)}</td>
            <td>${fmt.money(r.amount, r.currency)}</td>
            <td>${t(`staffPayments.refund.${r.status}`)}${r.failure_reason ? html`: ${r.failure_reason}` : ''}</td>
            <td>${r.reason ?? t(`staffPayments.source.${r.source}`)}</td>
            <td>${r.credit_note_number ?? ''}</td>
          </tr>`
      )}
    </tbody>
  </table>`;
}

function invoicePart(page: PageContext, p: Payment, invoice: Invoice | null): Html {
  const { t, fmt } = page;
  if (!invoice) return emptyState(t('staffPayments.noInvoice'));
  const pdf = `${PAYMENTS}/${p.id}/invoice.pdf`;
  return html`<p>
      ${t('staffPayments.invoiceIssued', { number: invoice.number, date: fmt.date(invoice.issued_at) })}
      <a class="button secondary" href="${pdf}">${t('staffPayments.invoicePdf', { number: invoice.number })}</a>
    </p>
    ${
      invoice.credit_notes.length
        ? html`<h3>${t('staffPayments.creditNotes')}</h3>
            <ul>
              ${invoice.credit_notes.map(
                (c) =>
                  html`<li>
                    ${t('staffPayments.creditNoteLine', {
                      number: c.number,
                      amount: fmt.money(c.amount, c.currency),
                      date: fmt.date(c.issued_at)
                    })}
                    — <a href="${pdf}">${t('staffPayments.creditNotePdf', { number: c.number })}</a>
                  </li>`
              )}
            </ul>`
        : ''
    }`;
}

/** One payment: its facts, what staff may do with it now, its refunds, its invoice and credit notes, its ledger. */
export function paymentView(page: PageContext, v: PaymentPage): PageView {
  const { t } = page;
  const p = v.payment;
  const title = t('staffPayments.detailTitle', { id: p.id });
  const markPaid = waitsForStaff(p)
    ? html`<p><a class="button" href="${PAYMENTS}/${p.id}/mark-paid">${t('staffPayments.markPaid')}</a></p>`
    : '';
  return {
    title,
    body: html`<p><a href="${PAYMENTS}">${t('staffPayments.backToList')}</a></p>
      <h1>${title}</h1>
      ${notice(v.message)} ${facts(page, p, v.method)} ${markPaid}
      ${v.canRefund && refundable(p) ? refundForm(page, v) : ''}
      <section aria-labelledby="refunds-h">
        <h2 id="refunds-h">${t('staffPayments.refunds')}</h2>
        ${refundsTable(page, v.refunds)}
      </section>
      <section aria-labelledby="invoice-h">
        <h2 id="invoice-h">${t('staffPayments.invoice')}</h2>
        ${invoicePart(page, p, v.invoice)}
      </section>
      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h">${t('staffPayments.ledgerOfPayment')}</h2>
        ${v.ledger.length ? ledgerTable(page, v.ledger, false) : emptyState(t('staffPayments.ledgerEmpty'))}
      </section>
      <p class="hint">${t('common.timesIn', { zone: page.fmt.zone })}</p>`
  };
}
