import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, emptyState, field, pager, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { hrefOf, selectField, textArea, type Query } from '../admin/kit.ts';

export type Client = Json<'/clients/{id}', 'get'>;
export type ClientItem = Json<'/clients', 'get'>['data'][number];
export type Contact = Json<'/clients/{id}/contacts', 'get'>['data'][number];
export type Activity = Json<'/clients/{id}/activity', 'get'>['data'][number];

export const clientTypes = ['organization', 'individual'] as const;
export const clientStatuses = ['active', 'archived'] as const;
export const manualTypes = ['call', 'meeting', 'email', 'note', 'task'] as const;

/** A likely duplicate as the API's 409 lists it (SPEC §3.5). */
export interface Candidate {
  id: number;
  name: string;
  email: string | null;
  website: string | null;
  matched_on: string[];
}

export function clientList(
  page: PageContext,
  items: ClientItem[],
  next: string | null,
  cursor: string | undefined,
  filters: Query
): Html {
  const { t } = page;
  return html`<div id="client-list">
    ${
      items.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('clients.name')}</th>
                <th scope="col">${t('clients.type')}</th>
                <th scope="col">${t('clients.industry')}</th>
                <th scope="col">${t('field.email')}</th>
                <th scope="col">${t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (c) =>
                  html`<tr>
                    <th scope="row"><a href="/app/staff/clients/${c.id}">${c.name}</a></th>
                    <td>${t(`clients.type.${c.type}`)}</td>
                    <td>${c.industry ?? ''}</td>
                    <td>${c.email ?? ''}</td>
                    <td>${t(`clients.status.${c.status}`)}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('clients.empty'))
    }
    ${pager(page, next, cursor, (c) => hrefOf('/app/staff/clients', filters, c))}
  </div>`;
}

/** The API's refusal; after a 409 for a look-alike (SPEC §3.5), the live clients it looks like, each linked. */
export function duplicateWarning(
  page: PageContext,
  error: string | undefined,
  candidates: Candidate[] | undefined
): Html {
  const { t } = page;
  if (!candidates?.length) return alertBox(error);
  return html`<div class="alert" role="alert">
    ${error ? html`<p>${error}</p>` : ''}
    <p>${t('clients.duplicateWarning')}</p>
    <ul>
      ${candidates.map(
        (c) =>
          html`<li>
            <a href="/app/staff/clients/${c.id}">${c.name}</a>
            ${c.email ? html` · ${c.email}` : ''}${c.website ? html` · ${c.website}` : ''}
            (${t('clients.matchedOn', { fields: c.matched_on.map((f) => t(`clients.match.${f as 'name' | 'email' | 'website'}`)).join(', ') })})
          </li>`
      )}
    </ul>
  </div>`;
}

/** The new-client form; after a 409 it lists the look-alikes and offers to create it anyway. */
export function newClientForm(
  page: PageContext,
  o: { error?: string; body?: Record<string, unknown>; candidates?: Candidate[] }
): Html {
  const { t } = page;
  const v = (name: string) => (typeof o.body?.[name] === 'string' ? (o.body[name] as string) : '');
  const warning = duplicateWarning(page, o.error, o.candidates);
  return html`<section aria-labelledby="new-client-title">
    <h2 id="new-client-title">${t('clients.new')}</h2>
    ${warning}
    ${postForm(
      page,
      '/app/staff/clients',
      html`${field({ name: 'name', label: t('clients.name'), value: v('name'), required: true })}
        ${selectField({ name: 'type', id: 'f-new-type', label: t('clients.type'), value: v('type') || 'organization', options: clientTypes.map((x) => ({ value: x, label: t(`clients.type.${x}`) })) })}
        ${field({ name: 'industry', label: t('clients.industry'), value: v('industry') })}
        ${field({ name: 'email', label: t('field.email'), type: 'email', value: v('email') })}
        ${field({ name: 'phone', label: t('field.phone'), type: 'tel', value: v('phone') })}
        ${field({ name: 'website', label: t('clients.website'), value: v('website') })}
        ${textArea({ name: 'description', label: t('clients.description'), value: v('description') })}
        ${
          o.candidates?.length
            ? html`<div>
                <input type="checkbox" id="f-allow" name="allow_duplicate" value="true" />
                <label for="f-allow" class="inline">${t('clients.allowDuplicate')}</label>
              </div>`
            : ''
        }
        <div><button type="submit">${t('clients.create')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
}

export function facts(page: PageContext, c: Client): Html {
  const { t, fmt } = page;
  const row = (label: string, value: Html | string | null) =>
    html`<dt>${label}</dt>
      <dd>${value || '—'}</dd>`;
  return html`<dl class="facts">
    ${row(t('clients.type'), t(`clients.type.${c.type}`))} ${row(t('common.status'), t(`clients.status.${c.status}`))}
    ${c.merged_into ? row(t('clients.mergedInto'), html`<a href="/app/staff/clients/${c.merged_into}">#${c.merged_into}</a>`) : ''}
    ${row(t('clients.industry'), c.industry)} ${row(t('field.email'), c.email)} ${row(t('field.phone'), c.phone)}
    ${row(t('clients.website'), c.website)} ${row(t('clients.description'), c.description)}
    ${row(t('clients.since'), fmt.date(c.created_at))}
  </dl>`;
}

export function totals(page: PageContext, c: Client): Html {
  const { t, fmt } = page;
  return html`<section aria-labelledby="totals-title">
    <h2 id="totals-title">${t('clients.totals')}</h2>
    ${
      c.totals.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('clients.currency')}</th>
                <th scope="col">${t('clients.paid')}</th>
                <th scope="col">${t('clients.refunded')}</th>
              </tr>
            </thead>
            <tbody>
              ${c.totals.map(
                (x) =>
                  html`<tr>
                    <th scope="row">${x.currency}</th>
                    <td>${fmt.money(x.paid, x.currency)}</td>
                    <td>${fmt.money(x.refunded, x.currency)}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('clients.noTotals'))
    }
    ${c.status === 'active' ? html`<p><a href="/app/staff/payments/new?client_id=${c.id}">${t('staffPayments.billLink')}</a></p>` : ''}
  </section>`;
}

export function contactsSection(
  page: PageContext,
  c: Client,
  contacts: Contact[],
  live: boolean,
  error?: string
): Html {
  const { t } = page;
  const base = `/app/staff/clients/${c.id}/contacts`;
  return html`<section aria-labelledby="contacts-title" id="contacts">
    <h2 id="contacts-title">${t('clients.contacts')}</h2>
    ${alertBox(error)}
    ${
      contacts.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('clients.contactName')}</th>
                <th scope="col">${t('clients.position')}</th>
                <th scope="col">${t('field.email')}</th>
                <th scope="col">${t('field.phone')}</th>
                <th scope="col">${t('clients.primary')}</th>
                ${live ? html`<th scope="col">${t('clients.actions')}</th>` : ''}
              </tr>
            </thead>
            <tbody>
              ${contacts.map(
                (x) =>
                  html`<tr>
                    <th scope="row">${x.name}</th>
                    <td>${x.position ?? ''}</td>
                    <td>${x.email ?? ''}</td>
                    <td>${x.phone ?? ''}</td>
                    <td>${x.is_primary ? t('clients.isPrimary') : ''}</td>
                    ${
                      live
                        ? html`<td>
                            ${
                              x.is_primary
                                ? ''
                                : postForm(
                                    page,
                                    `${base}/${x.id}/primary`,
                                    html`<button type="submit" class="link">
                                      ${t('clients.makePrimary', { name: x.name })}
                                    </button>`,
                                    html`class="inline"`
                                  )
                            }
                            ${postForm(page, `${base}/${x.id}/remove`, html`<button type="submit" class="link">${t('clients.removeContact', { name: x.name })}</button>`, html`class="inline"`)}
                          </td>`
                        : ''
                    }
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('clients.noContacts'))
    }
    ${
      live
        ? html`<h3>${t('clients.addContact')}</h3>
            ${postForm(
              page,
              base,
              html`${field({ name: 'name', label: t('clients.contactName'), required: true })}
                ${field({ name: 'position', label: t('clients.position') })}
                ${field({ name: 'email', label: t('field.email'), type: 'email' })}
                ${field({ name: 'phone', label: t('field.phone'), type: 'tel' })}
                <div>
                  <input type="checkbox" id="f-primary" name="is_primary" value="true" />
                  <label for="f-primary" class="inline">${t('clients.makeThisPrimary')}</label>
                </div>
                <div><button type="submit">${t('clients.addContactSubmit')}</button></div>`,
              html`class="stack"`
            )}`
        : ''
    }
  </section>`;
}

export function timeline(
  page: PageContext,
  c: Client,
  items: Activity[],
  next: string | null,
  cursor: string | undefined,
  live: boolean,
  error?: string
): Html {
  const { t, fmt } = page;
  const href = (cur?: string) => `${hrefOf(`/app/staff/clients/${c.id}`, {}, cur)}#timeline`;
  return html`<section aria-labelledby="timeline-title" id="timeline">
    <h2 id="timeline-title">${t('clients.timeline')}</h2>
    ${alertBox(error)}
    ${
      live
        ? postForm(
            page,
            `/app/staff/clients/${c.id}/activity`,
            html`${selectField({ name: 'type', id: 'f-activity-type', label: t('clients.activityType'), value: 'note', options: manualTypes.map((x) => ({ value: x, label: t(`clients.activity.${x}`) })) })}
              ${textArea({ name: 'description', label: t('clients.activityText'), required: true })}
              <div><button type="submit">${t('clients.logActivity')}</button></div>`,
            html`class="stack"`
          )
        : ''
    }
    ${
      items.length
        ? html`<ol class="timeline">
            ${items.map(
              (a) =>
                html`<li>
                  <strong>${t(`clients.activity.${a.type}`)}</strong> ·
                  <time datetime="${a.occurred_at}">${fmt.dateTime(a.occurred_at)}</time>
                  ${a.amount && a.currency ? html` · ${fmt.money(a.amount, a.currency)}` : ''}
                  ${a.event_id ? html` · <a href="/app/events/${a.event_id}">${t('clients.event', { id: a.event_id })}</a>` : ''}
                  <p>${a.description}</p>
                </li>`
            )}
          </ol>`
        : emptyState(t('clients.noActivity'))
    }
    ${pager(page, next, cursor, href)}
    <p class="hint">${t('common.timesIn', { zone: fmt.zone })}</p>
  </section>`;
}
