import type { PageContext } from '../../http/page-context.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { alertBox, field, notice, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';

/** Messages a redirect may ask the sign-in page to show (?m=…): only these, never text from the URL. */
export const signInMessages: Record<string, MessageKey> = {
  required: 'signIn.required',
  ended: 'signIn.ended',
  signedOut: 'signOut.done',
  reset: 'reset.done'
};

export function signInView(
  page: PageContext,
  o: { email?: string; back: string; error?: string | null; message?: MessageKey | null }
): PageView {
  const { t } = page;
  return {
    title: t('signIn.title'),
    body: html`<h1>${t('signIn.title')}</h1>
      ${o.message ? notice(t(o.message)) : ''} ${alertBox(o.error)}
      ${postForm(
        page,
        '/app/sign-in',
        html`<input type="hidden" name="back" value="${o.back}" />
          ${field({ name: 'email', label: t('field.email'), type: 'email', value: o.email, required: true, autocomplete: 'username' })}
          ${field({ name: 'password', label: t('field.password'), type: 'password', required: true, autocomplete: 'current-password' })}
          <div><button type="submit">${t('signIn.submit')}</button></div>`,
        html`class="stack"`
      )}
      <p><a href="/app/reset-password">${t('signIn.forgot')}</a></p>
      <p>${t('signIn.noAccount')} <a href="/app/sign-up">${t('nav.signUp')}</a></p>`
  };
}

export interface SignUpInput {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
}

export function signUpView(page: PageContext, input: Partial<SignUpInput>, error?: string | null): PageView {
  const { t } = page;
  return {
    title: t('signUp.title'),
    body: html`<h1>${t('signUp.title')}</h1>
      ${alertBox(error)}
      ${postForm(
        page,
        '/app/sign-up',
        html`${field({ name: 'username', label: t('field.username'), value: input.username, required: true, autocomplete: 'username' })}
          ${field({ name: 'email', label: t('field.email'), type: 'email', value: input.email, required: true, autocomplete: 'email' })}
          ${field({ name: 'first_name', label: t('field.firstName'), value: input.first_name, autocomplete: 'given-name' })}
          ${field({ name: 'last_name', label: t('field.lastName'), value: input.last_name, autocomplete: 'family-name' })}
          ${field({ name: 'password', label: t('field.password'), type: 'password', required: true, autocomplete: 'new-password', hint: t('field.passwordHint') })}
          <div><button type="submit">${t('signUp.submit')}</button></div>`,
        html`class="stack"`
      )}`
  };
}

export function resetRequestView(page: PageContext, o: { sent?: boolean; error?: string | null }): PageView {
  const { t } = page;
  const form: Html = postForm(
    page,
    '/app/reset-password',
    html`${field({ name: 'email', label: t('field.email'), type: 'email', required: true, autocomplete: 'email' })}
      <div><button type="submit">${t('reset.submit')}</button></div>`,
    html`class="stack"`
  );
  return {
    title: t('reset.title'),
    body: html`<h1>${t('reset.title')}</h1>
      ${
        o.sent
          ? notice(t('reset.sent'))
          : html`<p>${t('reset.intro')}</p>
              ${alertBox(o.error)}${form}`
      }`
  };
}

export function resetChooseView(page: PageContext, token: string, error?: string | null): PageView {
  const { t } = page;
  return {
    title: t('reset.chooseTitle'),
    body: html`<h1>${t('reset.chooseTitle')}</h1>
      ${alertBox(error)}
      ${postForm(
        page,
        '/app/reset-password/confirm',
        html`<input type="hidden" name="token" value="${token}" />
          ${field({ name: 'new_password', label: t('field.newPassword'), type: 'password', required: true, autocomplete: 'new-password', hint: t('field.passwordHint') })}
          <div><button type="submit">${t('reset.chooseSubmit')}</button></div>`,
        html`class="stack"`
      )}`
  };
}
