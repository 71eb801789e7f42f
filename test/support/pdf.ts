// Reading a PDF as a person or a scanner would, through Debian's poppler-utils (pdftotext, pdftoppm): CI installs
// them; elsewhere a suite that needs them skips, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { inCI } from '@style-flow/platform/testing';

const hasPoppler =
  spawnSync('pdftotext', ['-v']).error === undefined && spawnSync('pdftoppm', ['-v']).error === undefined;

/** A reason to skip a suite that reads PDFs on a machine without poppler-utils; in CI a failure instead. */
export function popplerSkip(): string | false {
  if (hasPoppler) return false;
  if (inCI) throw new Error('pdftotext and pdftoppm (Debian package poppler-utils) are required in CI but are missing');
  return 'pdftotext or pdftoppm is missing here (apt-get install poppler-utils)';
}

/** What a poppler tool prints for a PDF given on its standard input. */
export function poppler(command: 'pdftotext' | 'pdftoppm', args: string[], pdf: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(new Error(`${command} exited ${code}: ${Buffer.concat(err).toString()}`))
    );
    child.stdin.end(pdf);
  });
}

/** The text of a PDF as pdftotext reads it, in UTF-8. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await poppler('pdftotext', ['-enc', 'UTF-8', '-', '-'], pdf)).toString('utf8');
}
