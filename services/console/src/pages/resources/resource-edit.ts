import type { Json } from '@style-flow/client';
import { text } from '../../http/api-message.ts';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, field, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { selectField } from '../admin/kit.ts';
import { isoDay, type Window } from './timeline.ts';

type Resource = Json<'/resources/{id}', 'get'>;
type ResourceType = Json<'/resource-types', 'get'>['data'][number];

/** The edit form after the API refused it: its message and the form as it was posted. */
export interface EditState {
  error?: string;
  body?: Record<string, unknown>;
}

type Field = 'name' | 'type_id' | 'quantity' | 'location' | 'description' | 'setup_minutes' | 'teardown_minutes';

// A number the API is to judge: what is not a whole number goes as NaN, which JSON writes as null, and the API's
// validation names the field (the console does not second-guess it with messages of its own).
const whole = (value: string): number => (/^-?\d{1,9}$/.test(value) ? Number(value) : Number.NaN);

/** The body of PUT /resources/{id} from the form: every field, an emptied optional text cleared (null). */
export function resourceInput(body: unknown) {
  const opt = (name: Field) => text(body, name) || null;
  return {
    name: text(body, 'name'),
    type_id: whole(text(body, 'type_id')),
    quantity: whole(text(body, 'quantity')),
    location: opt('location'),
    description: opt('description'),
    setup_minutes: whole(text(body, 'setup_minutes')),
    teardown_minutes: whole(text(body, 'teardown_minutes'))
  };
}

// The page has allocate and block forms with fields of the same names: these ids are the edit form's own.
function input(o: { name: Field; label: string; value: string; type?: string; min?: number }): Html {
  const { min, ...rest } = o;
  const number = o.type === 'number';
  return field({
    ...rest,
    idPrefix: 'f-edit-',
    required: o.name === 'name' || number,
    ...(number ? { min: min ?? 0 } : {})
  });
}

/**
 * The edit form, folded away until wanted; open, with the API's message by it, when a post was refused (a quantity
 * below what is allocated is a 409 saying how many are). It posts back to the day or week on screen.
 */
export function editSection(
  page: PageContext,
  r: Resource,
  types: ResourceType[],
  w: Window,
  o: EditState | undefined
): Html {
  const { t } = page;
  const v = (name: Field): string => {
    if (o?.body) return typeof o.body[name] === 'string' ? (o.body[name] as string) : '';
    const value = r[name];
    return value === null ? '' : String(value);
  };
  return html`<details id="edit" ${o ? html`open` : ''}>
    <summary>${t('resources.edit')}</summary>
    ${alertBox(o?.error)}
    ${postForm(
      page,
      `/app/staff/resources/${r.id}?view=${w.view}&date=${isoDay(w.from)}`,
      html`${input({ name: 'name', label: t('resources.name'), value: v('name') })}
        ${selectField({ name: 'type_id', id: 'f-edit-type_id', label: t('resources.type'), value: v('type_id'), options: types.map((x) => ({ value: String(x.id), label: x.name })) })}
        ${input({ name: 'quantity', label: t('resources.quantity'), type: 'number', min: 1, value: v('quantity') })}
        ${input({ name: 'location', label: t('resources.location'), value: v('location') })}
        <div>
          <label for="f-edit-description">${t('resources.description')}</label>
          <textarea id="f-edit-description" name="description" rows="3">${v('description')}</textarea>
        </div>
        ${input({ name: 'setup_minutes', label: t('resources.setupMinutes'), type: 'number', value: v('setup_minutes') })}
        ${input({ name: 'teardown_minutes', label: t('resources.teardownMinutes'), type: 'number', value: v('teardown_minutes') })}
        <div><button type="submit">${t('resources.save')}</button></div>`,
      html`class="stack"`
    )}
  </details>`;
}
