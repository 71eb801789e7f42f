import type { Text } from './texts.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that goes into the HTML goes through here: names, titles and places are the users' own text. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => entities[c]!);

/** The plain-text part: the paragraphs, a blank line apart. */
export function drawText(t: Text): string {
  return `${t.paragraphs.map((p) => (typeof p === 'string' ? p : p.link)).join('\n\n')}\n`;
}

/** The HTML part: the same paragraphs, every value escaped, links only to the http(s) addresses the service made. */
export function drawHtml(t: Text, lang: string): string {
  const body = t.paragraphs
    .map((p) =>
      typeof p === 'string'
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`
    )
    .join('\n');
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head>\n<body style="font-family: sans-serif; line-height: 1.5">\n${body}\n</body></html>\n`;
}
