import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The TrueType fonts a document (an invoice, a ticket) is set in; each PDF embeds the subset of glyphs it uses. */
export interface DocumentFonts {
  regular: Buffer;
  bold: Buffer;
  mono: Buffer;
}

const shippedFont = (file: string) => readFileSync(fileURLToPath(import.meta.resolve(`dejavu-fonts-ttf/ttf/${file}`)));

/**
 * DejaVu Sans, shipped with the program (npm `dejavu-fonts-ttf`): it covers Latin, Cyrillic and Greek, so every name
 * prints as written — the fonts built into PDF readers (Helvetica) cover Latin-1 only. Read when called: a service
 * calls it once, when it makes its routes, so a missing package stops the start, not the first document.
 */
export function documentFonts(): DocumentFonts {
  return {
    regular: shippedFont('DejaVuSans.ttf'),
    bold: shippedFont('DejaVuSans-Bold.ttf'),
    mono: shippedFont('DejaVuSansMono.ttf')
  };
}
