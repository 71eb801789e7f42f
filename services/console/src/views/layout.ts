import type { Assets } from '../http/assets.ts';
import { isStaff, type PageContext } from '../http/page-context.ts';
import { locales } from '../i18n/locale.ts';
import { csrfField } from './components.ts';
import { html, type Html } from './html.ts';

export interface PageView {
  title: string;
  body: Html;
}

function navLink(page: PageContext, href: string, label: string): Html {
  const current = page.path === href || (href !== '/app/' && page.path.startsWith(href));
  return html`<li><a href="${href}" ${current ? html`aria-current="page"` : ''}>${label}</a></li>`;
}

/** What the navigation offers depends on who is signed in, and staff links on the role the API gave just now. */
function navigation(page: PageContext): Html {
  const { t, me } = page;
  return html`<nav aria-label="${t('nav.main')}">
      <ul>
        ${navLink(page, '/app/', t('nav.events'))}
        ${
          me
            ? [
                navLink(page, '/app/my/registrations', t('nav.registrations')),
                navLink(page, '/app/my/payments', t('nav.payments')),
                navLink(page, '/app/my/profile', t('nav.profile'))
              ]
            : ''
        }
      </ul>
    </nav>
    ${isStaff(me) ? staffNavigation(page) : ''}`;
}

/** The staff pages, for a manager or an admin (the API's current role); the admin's own pages for an admin only. */
function staffNavigation(page: PageContext): Html {
  const { t, me } = page;
  const exact = (href: string, label: string) =>
    html`<li><a href="${href}" ${page.path === href ? html`aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="staff" aria-label="${t('nav.staffArea')}">
    <ul>
      ${exact('/app/staff', t('nav.dashboard'))} ${navLink(page, '/app/staff/events', t('nav.staffEvents'))}
      ${navLink(page, '/app/check-in', t('nav.checkIn'))}
      ${navLink(page, '/app/staff/payments', t('nav.staffPayments'))}
      ${navLink(page, '/app/staff/resources', t('nav.resources'))}
      ${navLink(page, '/app/staff/clients', t('nav.clients'))} ${navLink(page, '/app/admin/users', t('nav.users'))}
      ${
        me?.role === 'admin'
          ? [navLink(page, '/app/admin/webhooks', t('nav.webhooks')), navLink(page, '/app/admin/mail', t('nav.mail'))]
          : ''
      }
    </ul>
  </nav>`;
}

function account(page: PageContext): Html {
  const { t, me } = page;
  const languages = locales
    .filter((l) => l !== page.locale)
    .map(
      (l) =>
        html`<form method="post" action="/app/language" class="inline">
          ${csrfField(page)}<input type="hidden" name="locale" value="${l}" />
          <input type="hidden" name="back" value="${page.path}" />
          <button type="submit" class="link" lang="${l}">${t(`lang.${l}`)}</button>
        </form>`
    );
  const who = me
    ? html`<span>${t('nav.signedInAs', { name: me.username })}</span>
        <form method="post" action="/app/sign-out" class="inline">
          ${csrfField(page)}<button type="submit" class="link">${t('nav.signOut')}</button>
        </form>`
    : html`<a href="/app/sign-in">${t('nav.signIn')}</a> <a href="/app/sign-up">${t('nav.signUp')}</a>`;
  return html`<div class="account">${who} ${languages}</div>`;
}

/** Every page: landmarks, the language, the CSRF token for htmx, the skip link, and only external scripts. */
export function layout(page: PageContext, assets: Assets, view: PageView): Html {
  return html`<!doctype html>
    <html lang="${page.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${page.csrf}" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
        <title>${view.title} · ${page.t('app.name')}</title>
        <link rel="icon" type="image/svg+xml" href="${assets.url('favicon.svg')}" />
        <link rel="stylesheet" href="${assets.url('console.css')}" />
        <script src="${assets.url('vendor/htmx-2.0.11.min.js')}" defer></script>
        <script src="${assets.url('console.js')}" defer></script>
      </head>
      <body hx-boost="false">
        <a class="skip" href="#main">${page.t('app.skip')}</a>
        <header class="top">
          <a class="brand" href="/app/">${page.t('app.name')}</a>
          ${navigation(page)} ${account(page)}
        </header>
        <main id="main" tabindex="-1">${view.body}</main>
      </body>
    </html>`;
}
