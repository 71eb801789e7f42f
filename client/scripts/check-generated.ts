// Part of `npm run check`: regenerates the client in memory and fails when the committed files differ, naming the
// first line that differs and the command that brings them up to date.
import { readFileSync } from 'node:fs';
import { generatedFiles, REGENERATE } from './generated-files.ts';

function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '(end of file)')}, generated ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

const stale: string[] = [];
for (const file of await generatedFiles()) {
  let committed: string | null;
  try {
    committed = readFileSync(new URL(`../${file.path}`, import.meta.url), 'utf8');
  } catch {
    committed = null;
  }
  if (committed === file.text) continue;
  stale.push(
    committed === null
      ? `client/${file.path} is missing`
      : `client/${file.path} is stale (${firstDifference(committed, file.text)})`
  );
}
if (stale.length > 0) {
  console.error(`The generated client does not match the services' OpenAPI documents:`);
  for (const line of stale) console.error(`  ${line}`);
  console.error(`Run \`${REGENERATE}\` and commit the result.`);
  process.exitCode = 1;
} else {
  console.log('client/openapi.json and client/src/generated/api.ts match the services');
}
