// One OpenAPI document for the whole API as the gateway serves it: the paths of every service (the gateway routes by
// first path segment, so a path is the same at the gateway and at its service), each service's components under a
// name of its own, and the problem+json answer that every service gives for every 4xx and 5xx (SPEC §1) declared on
// every operation, so that a client's errors are typed as what they are.
import { errorCodes } from '@style-flow/contracts';
import type { OpenAPI3 } from 'openapi-typescript';
import type { ServiceDocument } from './service-documents.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The body of every error answer (platform/src/http/problem.ts), with the codes of the one table in contracts. */
const problemSchema: JsonObject = {
  type: 'object',
  description: 'RFC 9457 problem details; refusals may add fields of their own (conflicts, candidates, …)',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(errorCodes) },
    instance: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON Pointer into the body, or the name of the parameter' },
          message: { type: 'string' },
          in: { type: 'string', enum: ['query', 'path', 'header'] }
        }
      }
    }
  },
  additionalProperties: true
};

const problemResponse: JsonObject = {
  description: 'The request was refused or failed: problem+json',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
};

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `value` with every local `$ref` to a component renamed by `rename`. */
function renameRefs(value: Json, rename: (type: string, name: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, rename));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const ref = key === '$ref' && typeof v === 'string' ? /^#\/components\/([^/]+)\/(.+)$/.exec(v) : null;
    out[key] = ref ? `#/components/${ref[1]}/${rename(ref[1]!, ref[2]!)}` : renameRefs(v, rename);
  }
  return out;
}

/**
 * Merges the services' documents. Component names get the service's name in front (`event.Event`), so two services
 * may use one name; security schemes are named in operations' `security` rather than referenced, so they are kept as
 * they are and must agree. Two services serving one path is a mistake in the registry, and fails the merge.
 */
export function mergeDocuments(documents: readonly ServiceDocument[], info: { title: string; version: string }) {
  const paths: JsonObject = {};
  const owner = new Map<string, string>();
  const components: Record<string, JsonObject> = { schemas: { Problem: problemSchema }, responses: {} };
  const securitySchemes: JsonObject = {};
  const tags = new Map<string, Json>();

  for (const { service, document } of documents) {
    const doc = document as unknown as JsonObject;
    const rename = (type: string, name: string) => (type === 'securitySchemes' ? name : `${service}.${name}`);
    const own = isObject(doc.components) ? doc.components : {};
    for (const [type, entries] of Object.entries(own)) {
      if (!isObject(entries)) continue;
      for (const [name, entry] of Object.entries(entries)) {
        if (type === 'securitySchemes') {
          const seen = securitySchemes[name];
          if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(entry))
            throw new Error(`${service}-service defines the security scheme ${name} unlike another service`);
          securitySchemes[name] = entry;
          continue;
        }
        (components[type] ??= {})[rename(type, name)] = renameRefs(entry, rename);
      }
    }
    for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
      const first = owner.get(path);
      if (first) throw new Error(`${path} is served by both ${first}-service and ${service}-service`);
      owner.set(path, service);
      paths[path] = withProblemAnswers(renameRefs(item, rename));
    }
    for (const tag of Array.isArray(doc.tags) ? doc.tags : [])
      if (isObject(tag) && typeof tag.name === 'string' && !tags.has(tag.name)) tags.set(tag.name, tag);
  }
  components.responses!.Problem = problemResponse;
  const merged: JsonObject = {
    openapi: '3.1.0',
    info: { ...info, description: 'The public API of Style Flow: every service, through the gateway' },
    ...(tags.size > 0 ? { tags: [...tags.values()] } : {}),
    paths,
    components: { ...components, securitySchemes }
  };
  return merged as unknown as OpenAPI3;
}

/** The path item with the problem answer on each of its operations, where the service declared no 4xx/5xx of its own. */
function withProblemAnswers(item: Json): Json {
  if (!isObject(item)) return item;
  const out: JsonObject = { ...item };
  for (const method of METHODS) {
    const operation = out[method];
    if (!isObject(operation)) continue;
    const responses = isObject(operation.responses) ? operation.responses : {};
    const problem = { $ref: '#/components/responses/Problem' };
    out[method] = {
      ...operation,
      responses: { ...responses, '4XX': responses['4XX'] ?? problem, '5XX': responses['5XX'] ?? problem }
    };
  }
  return out;
}
