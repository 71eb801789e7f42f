import type { Json, JsonBody } from '@style-flow/client';
import { text } from '../../http/api-message.ts';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, field, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { selectField, textArea } from '../admin/kit.ts';
import { instantOfWallTime, wallTimeIn } from './zoned-time.ts';

export type Category = Json<'/categories', 'get'>['data'][number];
export type StaffEvent = Json<'/events/{id}', 'get'>;
export type EventBody = JsonBody<'/events', 'post'>;

/** What the form shows: the values as the person typed them (or the event's), so a refusal keeps the input. */
export type FormValues = Record<(typeof names)[number], string>;
const names = [
  'title',
  'description',
  'start_date',
  'end_date',
  'location',
  'capacity',
  'category_id',
  'price',
  'currency',
  'time_zone'
] as const;

// The currencies offered; the API takes any ISO 4217 code, these are the ones Style Flow's payments speak.
const currencies = ['RUB', 'EUR', 'USD'] as const;

// The zones offered: the IANA names this program's Intl knows, UTC first (Intl lists it under no name of its own).
const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const knownZones = new Set(zones);

export function valuesOf(e: StaffEvent): FormValues {
  return {
    title: e.title,
    description: e.description ?? '',
    start_date: wallTimeIn(e.start_date, e.time_zone),
    end_date: wallTimeIn(e.end_date, e.time_zone),
    location: e.location ?? '',
    capacity: String(e.capacity),
    category_id: String(e.category_id),
    price: e.price ?? '',
    currency: e.currency ?? '',
    time_zone: e.time_zone
  };
}

export const valuesFromBody = (body: unknown): FormValues =>
  Object.fromEntries(names.map((n) => [n, text(body, n)])) as FormValues;

/** Whether the form's zone is one Intl can convert times in; another goes to the API as it is, for it to refuse. */
const convertible = (zone: string): boolean => {
  try {
    return knownZones.has(zone) || Boolean(new Intl.DateTimeFormat('en', { timeZone: zone }));
  } catch {
    return false;
  }
};

/**
 * The API body from the form, or the reason it cannot be one. Only what a form cannot say plainly is checked here
 * (a time without a zone is the clock in the event's zone; an empty price is a free event); every rule of an event is
 * the API's to judge.
 */
export function eventBody(v: FormValues): { body: EventBody } | { error: 'badTime' } {
  const zone = v.time_zone || 'UTC';
  const clockZone = convertible(zone) ? zone : 'UTC';
  const start = instantOfWallTime(v.start_date, clockZone);
  const end = instantOfWallTime(v.end_date, clockZone);
  if (!start || !end) return { error: 'badTime' };
  // "49,90" is how a Russian reader writes 49.90; the API wants the point.
  const price = v.price.replace(/\s/g, '').replace(',', '.');
  return {
    body: {
      title: v.title,
      description: v.description || null,
      start_date: start,
      end_date: end,
      location: v.location || null,
      // A non-number reaches the API as such and is refused there with its own message.
      capacity: /^\d+$/.test(v.capacity) ? Number(v.capacity) : (v.capacity as unknown as number),
      category_id: Number(v.category_id),
      price: price || null,
      currency: price ? v.currency || null : null,
      time_zone: zone
    }
  };
}

/** The create or edit form; `error` is the API's message (or the console's), shown above the fields. */
export function eventForm(
  page: PageContext,
  o: { action: string; values: FormValues; categories: Category[]; submit: string; error?: string | null }
): Html {
  const { t } = page;
  const v = o.values;
  return html`${alertBox(o.error)}
  ${postForm(
    page,
    o.action,
    html`${field({ name: 'title', label: t('staffEvents.field.title'), value: v.title, required: true })}
      ${textArea({ name: 'description', label: t('staffEvents.field.description'), value: v.description })}
      ${selectField({
        name: 'time_zone',
        label: t('staffEvents.field.timeZone'),
        value: v.time_zone,
        // An event's zone that this program's list lacks (an alias the API keeps as given) stays choosable.
        options: (knownZones.has(v.time_zone) || !v.time_zone ? zones : [v.time_zone, ...zones]).map((z) => ({
          value: z,
          label: z
        }))
      })}
      ${field({ name: 'start_date', label: t('staffEvents.field.start'), type: 'datetime-local', value: v.start_date, required: true, hint: t('staffEvents.timeHint') })}
      ${field({ name: 'end_date', label: t('staffEvents.field.end'), type: 'datetime-local', value: v.end_date, required: true })}
      ${field({ name: 'location', label: t('staffEvents.field.location'), value: v.location })}
      ${field({ name: 'capacity', label: t('staffEvents.field.capacity'), type: 'number', value: v.capacity, required: true })}
      ${selectField({
        name: 'category_id',
        label: t('staffEvents.field.category'),
        value: v.category_id,
        options: o.categories.map((c) => ({ value: String(c.id), label: c.name }))
      })}
      ${field({ name: 'price', label: t('staffEvents.field.price'), value: v.price, autocomplete: 'off' })}
      ${selectField({
        name: 'currency',
        label: t('staffEvents.field.currency'),
        value: v.currency,
        options: [
          { value: '', label: t('staffEvents.field.noCurrency') },
          ...currencies.map((c) => ({ value: c, label: c }))
        ]
      })}
      <div><button type="submit">${o.submit}</button></div>`,
    html`class="stack"`
  )}`;
}

export const emptyValues = (categories: Category[]): FormValues => ({
  title: '',
  description: '',
  start_date: '',
  end_date: '',
  location: '',
  capacity: '',
  category_id: categories[0] ? String(categories[0].id) : '',
  price: '',
  currency: '',
  time_zone: 'UTC'
});
