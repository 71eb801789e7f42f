import type { PageContext } from '../../http/page-context.ts';
import { alertBox, postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import type { Payment } from './payment-types.ts';
import { PAYMENTS } from './payments-views.ts';

/** "Mark this payment paid?": a page of its own, so one stray click on a list changes nothing. */
export function markPaidView(page: PageContext, p: Payment, method: string, error?: string | null): PageView {
  const { t, fmt } = page;
  const title = t('staffPayments.markPaidTitle', { id: p.id });
  return {
    title,
    body: html`<h1>${title}</h1>
      <p>
        ${t('staffPayments.markPaidQuestion', {
          amount: fmt.money(p.amount, p.currency),
          method,
          user: t('staffPayments.userRef', { id: p.user_id })
        })}
      </p>
      ${p.description ? html`<p>${p.description}</p>` : ''} ${alertBox(error)}
      ${postForm(
        page,
        `${PAYMENTS}/${p.id}/mark-paid`,
        html`<button type="submit">${t('staffPayments.markPaidConfirm')}</button>
          <a class="button secondary" href="${PAYMENTS}/${p.id}">${t('staffPayments.cancel')}</a>`
      )}`
  };
}

/** What a refund will do, said in money before it is done; the form carries the amount as the API takes it. */
export function refundConfirmView(
  page: PageContext,
  p: Payment,
  refund: { amount: string; reason: string; key: string }
): PageView {
  const { t, fmt } = page;
  const title = t('staffPayments.refundConfirmTitle', { id: p.id });
  const amount = fmt.money(refund.amount || p.refundable_amount, p.currency);
  const question = refund.amount
    ? t('staffPayments.refundQuestion', { amount, total: fmt.money(p.amount, p.currency) })
    : t('staffPayments.refundAllQuestion', { amount });
  return {
    title,
    body: html`<h1>${title}</h1>
      <p>${question}</p>
      ${refund.reason ? html`<p>${t('staffPayments.refundReason')}: ${refund.reason}</p>` : ''}
      ${postForm(
        page,
        `${PAYMENTS}/${p.id}/refund`,
        html`<input type="hidden" name="amount" value="${refund.amount}" />
          <input type="hidden" name="reason" value="${refund.reason}" />
          <input type="hidden" name="key" value="${refund.key}" />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit">${t('staffPayments.refundConfirm', { amount })}</button>
          <a class="button secondary" href="${PAYMENTS}/${p.id}">${t('staffPayments.cancel')}</a>`
      )}`
  };
}
