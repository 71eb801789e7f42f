// The merge of the services' documents into the client's one: components kept apart by service, references
// following them, the problem answer on every operation, and the mistakes that must fail the merge loudly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OpenAPI3 } from 'openapi-typescript';
import { mergeDocuments } from '../scripts/merge-documents.ts';

const bearer = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' };
const info = { title: 'Style Flow API', version: '1.0.0' };

/** A document of one service with one GET whose answer is the component `Thing`. */
function documentOf(path: string, thing: object, scheme: object = bearer): OpenAPI3 {
  return {
    openapi: '3.1.0',
    info: { title: 'x', version: '1' },
    components: { schemas: { Thing: thing }, securitySchemes: { bearer: scheme } },
    paths: {
      [path]: {
        get: {
          security: [{ bearer: [] }],
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } }
            }
          }
        }
      }
    }
  } as OpenAPI3;
}

describe('merging the services’ documents', () => {
  test('one name in two services stays two components, each path referring to its own', () => {
    const merged = mergeDocuments(
      [
        { service: 'event', document: documentOf('/events', { type: 'string' }) },
        { service: 'user', document: documentOf('/users', { type: 'integer' }) }
      ],
      info
    ) as unknown as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    assert.deepEqual(merged.components.schemas['event.Thing'], { type: 'string' });
    assert.deepEqual(merged.components.schemas['user.Thing'], { type: 'integer' });
    assert.deepEqual(merged.components.securitySchemes, { bearer });
    const answer = (path: string) => merged.paths[path]!.get.responses;
    assert.deepEqual(answer('/users')['200'], {
      description: 'ok',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/user.Thing' } } }
    });
    assert.deepEqual(answer('/events')['4XX'], { $ref: '#/components/responses/Problem' });
    assert.deepEqual(answer('/events')['5XX'], { $ref: '#/components/responses/Problem' });
    assert.ok(merged.components.schemas.Problem);
  });

  test('a path served by two services fails the merge, naming both', () => {
    assert.throws(
      () =>
        mergeDocuments(
          [
            { service: 'event', document: documentOf('/events', {}) },
            { service: 'resource', document: documentOf('/events', {}) }
          ],
          info
        ),
      /\/events is served by both event-service and resource-service/
    );
  });

  test('two services that mean different things by one security scheme fail the merge', () => {
    assert.throws(
      () =>
        mergeDocuments(
          [
            { service: 'event', document: documentOf('/events', {}) },
            { service: 'user', document: documentOf('/users', {}, { type: 'apiKey', name: 'key', in: 'header' }) }
          ],
          info
        ),
      /user-service defines the security scheme bearer unlike another service/
    );
  });
});
