import type { Answer, Operation } from '@style-flow/contracts';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../errors/app-error.ts';
import type { Component } from '../lifecycle/component.ts';
import type { Logger } from '../observability/logger.ts';
import { forward } from './forward.ts';
import { createUpstreamPool, type UpstreamPool } from './upstream-pool.ts';

type BodyOf<O extends Operation> = O['body'] extends TSchema ? { body: Static<O['body']> } : { body?: undefined };

export type CallInput<O extends Operation> = {
  params: Static<O['params']>;
  /** The caller's own Authorization, passed on so that the peer checks the caller's rights, not the service's. */
  authorization?: string;
  traceparent: string;
  requestId?: string;
} & BodyOf<O>;

/**
 * The one way a service calls another (DESIGN rule 1): an operation of `contracts/src/http` to the instances the
 * registry lists for its owner, with the gateway's policy — round-robin past open breakers, the next instance when
 * one fails (a request that may have been applied is sent again only if its method is idempotent), each within
 * SERVICE_CALL_TIMEOUT_MS, 503 when none answers. An answer counts only with a status the operation lists and a
 * body that matches its schema; anything else is the instance failing.
 */
export interface Peers extends Component {
  call<O extends Operation>(operation: O, input: CallInput<O>): Promise<Answer<O>>;
}

export interface PeersOptions {
  /** Every service's instances, by name (config.urls). */
  urls: Readonly<Record<string, readonly string[]>>;
  timeoutMs: number;
  logger: Logger;
}

type Checker = { Check(value: unknown): boolean };
const checkers = new WeakMap<TSchema, Checker>();
const checkerOf = (schema: TSchema) => {
  let checker = checkers.get(schema);
  if (!checker) checkers.set(schema, (checker = Compile(schema)));
  return checker;
};

/** The path of an operation's route with its parameters filled in: `/clients/:id` → `/clients/7`. */
export function pathOf(route: string, params: Readonly<Record<string, unknown>>): string {
  return route.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

function parsed(body: Buffer): unknown {
  try {
    return body.length === 0 ? null : JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function createPeers(options: PeersOptions): Peers {
  const pools = new Map<string, UpstreamPool>();
  const poolOf = (service: string) => {
    let pool = pools.get(service);
    if (!pool) {
      pool = createUpstreamPool({
        service,
        urls: options.urls[service] ?? [],
        logger: options.logger,
        healthIntervalMs: 0
      });
      pools.set(service, pool);
    }
    return pool;
  };

  return {
    name: 'peers',
    async start() {},
    async stop() {
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
      pools.clear();
    },
    async call(operation, input) {
      const responses = operation.responses as Readonly<Record<number, TSchema>>;
      // forward() judges every answer it gets, and returns the last one it judged: its verdict is kept, not redone.
      let answer: unknown;
      let taken = false;
      const isAnswer = (status: number, body: Buffer) => {
        const schema = responses[status];
        answer = schema ? parsed(body) : undefined;
        taken = schema !== undefined && checkerOf(schema).Check(answer);
        return taken;
      };
      const headers: Record<string, string> = { accept: 'application/json', traceparent: input.traceparent };
      if (input.authorization) headers.authorization = input.authorization;
      if (input.requestId) headers['x-request-id'] = input.requestId;
      if (input.body !== undefined) headers['content-type'] = 'application/json';
      // Each try is a CLIENT span of the calling service (forward's), the peer's server span its child.
      const response = await forward(
        poolOf(operation.service),
        {
          method: operation.method,
          path: pathOf(operation.route, input.params as Record<string, unknown>),
          headers,
          body: input.body === undefined ? undefined : Buffer.from(JSON.stringify(input.body))
        },
        options.timeoutMs,
        (status, body) => !isAnswer(status, body)
      );
      if (!taken) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          `The ${operation.service} service gave no answer it could be taken at; try again shortly.`,
          { cause: new Error(`${response.instance} answered ${response.status}`) }
        );
      }
      const answerHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        for (const v of Array.isArray(value) ? value : [value]) answerHeaders.append(name, v);
      return { status: response.status, body: answer, headers: answerHeaders } as Answer<typeof operation>;
    }
  };
}
