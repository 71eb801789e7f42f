// What `npm run generate:client` writes, made in memory: the merged OpenAPI document and the TypeScript types that
// openapi-typescript makes of it. The staleness check compares the same texts with the committed files.
import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { mergeDocuments } from './merge-documents.ts';
import { serviceDocuments } from './service-documents.ts';

export interface GeneratedFile {
  /** Relative to the client package. */
  path: string;
  text: string;
}

export const REGENERATE = 'npm run generate:client';

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function generatedFiles(): Promise<GeneratedFile[]> {
  const document = mergeDocuments(await serviceDocuments(version), { title: 'Style Flow API', version });
  const types = astToString(await openapiTS(document, { silent: true }));
  const header = `${COMMENT_HEADER.trimEnd()}\n// Made from openapi.json by \`${REGENERATE}\`; \`npm run check\` fails when it is stale.\n\n`;
  return [
    { path: 'openapi.json', text: `${JSON.stringify(document, null, 2)}\n` },
    { path: 'src/generated/api.ts', text: `${header}${types}` }
  ];
}
