// @style-flow/client: the typed client of Style Flow's public API, for programs, the console and the tests.
export { createStyleFlowClient } from './create-client.ts';
export type { StyleFlowApi, StyleFlowClient, StyleFlowClientOptions, TokenPair } from './create-client.ts';
export type { SessionTokens } from './auth-session.ts';
export { withIdempotencyKey } from './idempotency.ts';
export { isProblem, ok, ProblemError } from './problem.ts';
export type { ApiResult, DataOf, ErrorCode, Problem } from './problem.ts';
export { allPages } from './pages.ts';
export type { Page } from './pages.ts';
export type { components, paths } from './generated/api.ts';
export type { Json, JsonBody } from './operation-types.ts';
