import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyBaseLogger,
  type RawServerDefault,
  type RawRequestDefaultExpression,
  type RawReplyDefaultExpression
} from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import { traceRequests } from '../observability/request-spans.ts';
import type { Tracing } from '../observability/tracing.ts';
import { AppError } from '../errors/app-error.ts';
import { fromPgError } from '../db/pg-errors.ts';
import { requireRole, type Authenticator } from '../auth/authenticator.ts';
import { answerClientError } from './client-errors.ts';
import { useJsonBodyParser } from './json-body.ts';
import { sendProblem, toProblem } from './problem.ts';
import { continueTrace, requestIdFrom } from './trace-context.ts';
import { createValidatorCompiler } from './validation.ts';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** W3C traceparent of this hop, to pass to the events and calls the request causes. */
    traceparent: string;
    /** What the request log calls the route when the router's pattern says too little (the gateway's `/*`). */
    logRoute: string | null;
    /** The metrics label of that route: a template from a bounded set, never the raw path (SPEC §3.7). */
    routeLabel: string | null;
  }
}

export interface HttpServerOptions {
  service: string;
  version: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Each dependency's reachability, for GET /ready. */
  readiness: () => Promise<Record<string, boolean>>;
  bodyLimit?: number;
  /** Proxies whose X-Forwarded-For gives request.ip (the gateway in front of the services). */
  trustedProxies?: string[];
  /** Guards /metrics: staff only on the public port (Prometheus scrapes the METRICS_PORT listener). */
  auth: Authenticator;
  /** On: a SERVER span per request, whose id is the request's traceparent. Off or absent: a traceparent only. */
  tracing?: Tracing;
}

const HealthSchema = Type.Object({ status: Type.String(), service: Type.String() });
const ReadySchema = Type.Object({
  status: Type.String(),
  service: Type.String(),
  checks: Type.Record(Type.String(), Type.Boolean())
});

/**
 * The HTTP server every service is built on: validation from the route schemas (unknown fields refused),
 * problem+json for every error, x-request-id and traceparent, one log line per request, and the
 * platform routes /health, /ready, /metrics and /openapi.json.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { logger, metrics } = options;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request, written in onResponse below; the request id is logged as request_id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    requestIdHeader: false,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id'], randomUUID),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? options.trustedProxies : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The framework's and the HTTP parser's own errors are problem+json too (SPEC §1).
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => {
      const { problem, headers } = toProblem(error, request);
      return sendProblem(reply, problem, headers);
    }
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());

  // The API speaks JSON only: any other body is a 415, not a string the validator trips over.
  app.removeContentTypeParser('text/plain');
  useJsonBodyParser(app);
  app.decorateRequest('principal', null);
  app.decorateRequest('routeLabel', null);
  app.decorateRequest('traceparent', '');
  app.decorateRequest('logRoute', null);
  // First of all hooks, so that even a request refused by the next one has its span.
  const traced = options.tracing?.enabled === true;
  if (traced) traceRequests(app, options.tracing!);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `${options.service}-service`,
        version: options.version,
        description: `Style Flow ${options.service} service`
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } }
    }
  });

  // Callback hooks rather than async ones: they run on every request and have nothing to wait for.
  app.addHook('onRequest', (request, reply, done) => {
    // NUL cannot reach PostgreSQL from the path or query either (JSON bodies are checked when parsed).
    if (request.url.includes('%00') || request.url.includes('\u0000')) {
      done(
        new AppError('VALIDATION_FAILED', 'The URL must not contain the NUL character (%00).', {
          errors: [{ path: '/', message: 'must not contain the NUL character' }]
        })
      );
      return;
    }
    if (!traced) {
      const trace = request.headers.traceparent;
      request.traceparent = continueTrace(Array.isArray(trace) ? trace[0] : trace);
    }
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    done();
  });

  // The request line holds only the server's own fields (never a credential), so it skips the redaction every
  // other line pays for: with the wildcard paths that is a pass over each field of each line.
  const requestLog = logger.child({}, { redact: [] });
  app.addHook('onResponse', (request, reply, done) => {
    const template = request.routeLabel ?? request.routeOptions.url ?? 'unmatched';
    const route = request.logRoute ?? template;
    metrics.httpDuration.observe(
      { method: request.method, route: template, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000
    );
    requestLog.info(
      {
        request_id: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
        user_id: request.principal?.userId ?? null
      },
      'request'
    );
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const mapped = error instanceof AppError ? null : fromPgError(error);
    if (mapped) request.log.warn({ err: error, request_id: request.id }, 'the database refused the input');
    const { problem, headers, internal } = toProblem(mapped ?? error, request);
    if (internal) request.log.error({ err: error, request_id: request.id }, 'request failed');
    return sendProblem(reply, problem, headers);
  });

  app.setNotFoundHandler((request, reply) => {
    const { problem } = toProblem(
      new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`),
      request
    );
    return sendProblem(reply, problem);
  });

  const hidden = { hide: true } as const;
  app.get('/health', { schema: { ...hidden, response: { 200: HealthSchema } } }, async () => ({
    status: 'ok',
    service: options.service
  }));
  app.get(
    '/ready',
    { schema: { ...hidden, response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      const checks = await options.readiness();
      const ok = Object.values(checks).every(Boolean);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service: options.service, checks });
    }
  );
  app.get('/metrics', { schema: hidden, preHandler: options.auth.required }, async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', { schema: hidden }, async () => app.swagger());

  return app;
}
