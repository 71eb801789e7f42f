import type { PageContext } from '../../http/page-context.ts';
import { alertBox, field, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { selectField } from '../admin/kit.ts';
import { clientTypes, duplicateWarning, type Candidate, type Client } from './client-views.ts';

/** The edit form after the API refused it: its message, the form as it was posted, the look-alikes of a 409. */
export interface EditState {
  error?: string;
  body?: Record<string, unknown>;
  candidates?: Candidate[];
}

/** The fields PUT /clients/{id} takes, as the form holds them. */
type Field = 'name' | 'type' | 'industry' | 'email' | 'phone' | 'website' | 'description';

// The page already has a contact form with fields of the same names: these ids are the edit form's own.
const input = (o: { name: string; label: string; value: string; type?: string; required?: boolean }): Html =>
  field({ ...o, idPrefix: 'f-edit-' });

/**
 * The edit form, folded away until wanted; open, with the API's message by it, when a post was refused. Its values
 * are the client's, or what was posted when the API refused it, so nothing typed is lost.
 */
export function editSection(page: PageContext, c: Client, o: EditState): Html {
  const { t } = page;
  const posted = o.body !== undefined;
  const v = (name: Field): string => {
    if (posted) return typeof o.body?.[name] === 'string' ? (o.body[name] as string) : '';
    return c[name] ?? '';
  };
  const refused = o.error !== undefined || Boolean(o.candidates?.length);
  return html`<details id="edit" ${refused ? html`open` : ''}>
    <summary>${t('clients.edit')}</summary>
    ${duplicateWarning(page, o.error, o.candidates)}
    ${postForm(
      page,
      `/app/staff/clients/${c.id}`,
      html`${input({ name: 'name', label: t('clients.name'), value: v('name'), required: true })}
        ${selectField({ name: 'type', id: 'f-edit-type', label: t('clients.type'), value: v('type'), options: clientTypes.map((x) => ({ value: x, label: t(`clients.type.${x}`) })) })}
        ${input({ name: 'industry', label: t('clients.industry'), value: v('industry') })}
        ${input({ name: 'email', label: t('field.email'), type: 'email', value: v('email') })}
        ${input({ name: 'phone', label: t('field.phone'), type: 'tel', value: v('phone') })}
        ${input({ name: 'website', label: t('clients.website'), value: v('website') })}
        <div>
          <label for="f-edit-description">${t('clients.description')}</label>
          <textarea id="f-edit-description" name="description" rows="3">${v('description')}</textarea>
        </div>
        ${
          o.candidates?.length
            ? html`<div>
                <input type="checkbox" id="f-edit-allow" name="allow_duplicate" value="true" />
                <label for="f-edit-allow" class="inline">${t('clients.saveDuplicate')}</label>
              </div>`
            : ''
        }
        <div><button type="submit">${t('clients.save')}</button></div>`,
      html`class="stack"`
    )}
  </details>`;
}

/** An archived client is read, not changed: no form, a line saying why (and a refusal, if a late post met one). */
export function archivedNote(page: PageContext, o: EditState | undefined): Html {
  return html`${alertBox(o?.error)}
    <p class="hint">${page.t('clients.archivedNote')}</p>`;
}

/** Archiving asks first: the API keeps the client's history but has no way to bring it back. */
export function archiveConfirm(page: PageContext, c: Client, error?: string): PageView {
  const { t } = page;
  return {
    title: t('clients.archiveTitle', { name: c.name }),
    body: html`<p><a href="/app/staff/clients/${c.id}">${t('clients.merge.backTo', { name: c.name })}</a></p>
      <h1>${t('clients.archiveTitle', { name: c.name })}</h1>
      ${alertBox(error)}
      <p>${t('clients.archiveText', { name: c.name })}</p>
      ${
        c.status === 'active'
          ? postForm(
              page,
              `/app/staff/clients/${c.id}/archive`,
              html`<button type="submit">${t('clients.archiveConfirm', { name: c.name })}</button>
                <a class="button secondary" href="/app/staff/clients/${c.id}">${t('clients.cancel')}</a>`
            )
          : html`<p>${t('clients.archivedNote')}</p>`
      }`
  };
}
