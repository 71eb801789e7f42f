import type { paths } from './generated/api.ts';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The methods a path has. */
export type MethodOf<P extends keyof paths> = {
  [M in Method & keyof paths[P]]: paths[P][M] extends undefined | never ? never : M;
}[Method & keyof paths[P]];

type Success = 200 | 201 | 202;

/** The JSON an operation answers with when it succeeds: `Json<'/events/{id}', 'get'>` is an event. */
export type Json<P extends keyof paths, M extends MethodOf<P>> = paths[P][M] extends { responses: infer R }
  ? { [S in Success & keyof R]: R[S] extends { content: { 'application/json': infer B } } ? B : never }[Success &
      keyof R]
  : never;

/** The JSON body an operation takes: `JsonBody<'/events', 'post'>`. */
export type JsonBody<P extends keyof paths, M extends MethodOf<P>> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
