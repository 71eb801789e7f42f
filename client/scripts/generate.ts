// `npm run generate:client`: writes client/openapi.json and client/src/generated/api.ts from the services' documents.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generated-files.ts';

const started = Date.now();
for (const file of await generatedFiles()) {
  const target = fileURLToPath(new URL(`../${file.path}`, import.meta.url));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  console.log(`wrote client/${file.path} (${file.text.length} characters)`);
}
console.log(`generated in ${Date.now() - started} ms`);
