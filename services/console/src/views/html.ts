/**
 * HTML from tagged templates that escape every value by default (DESIGN §2): `html\`<p>${name}</p>\`` escapes
 * `name`; a value that is already Html (another template's result, or `raw()` of trusted markup) goes in as is; an
 * array is its items in order; null, undefined and false are nothing. No library: the whole of it is these lines, and
 * what it guarantees is easy to read here.
 */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside an element and inside a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]!);

function render(value: Value): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly Value[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup the program wrote itself, to put in unescaped. Never for anything a person or the API sent. */
export const raw = (trusted: string): Html => new Html(trusted);
