import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { contextOf, traceparentOf, type Tracing } from './tracing.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The context of this request's SERVER span, when tracing is on: the parent of what the request causes. */
    traceContext: Context | null;
  }
}

// What Fastify calls on behalf of a route after onRequest: run in the request's context, so that the queries, the
// outbox writes and the calls they make are children of its span. A request body arrives on the socket's own
// events, which know nothing of the context set in onRequest, so binding each step is the one reliable way.
const routeSteps = ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization'] as const;

type Step = (this: unknown, request: FastifyRequest, ...rest: unknown[]) => unknown;

function inRequestContext(step: Step): Step {
  return function (this: unknown, request, ...rest) {
    const ctx = request.traceContext;
    return ctx ? context.with(ctx, step, this, request, ...rest) : step.call(this, request, ...rest);
  };
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const spanOf = (request: FastifyRequest): Span | undefined =>
  request.traceContext ? trace.getSpan(request.traceContext) : undefined;

/**
 * A SERVER span for every request, child of the caller's traceparent (W3C Trace Context) or the root of a new trace;
 * `request.traceparent` is that span's own, so the events and calls the request causes continue it. Named and
 * labelled by the route template, never by a raw path or query string (which may hold what a user typed).
 */
export function traceRequests(app: FastifyInstance, tracing: Tracing): void {
  const tracer = tracing.tracer!;
  app.decorateRequest('traceContext', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const steps = route as unknown as Record<string, Step | Step[] | undefined>;
    route.handler = inRequestContext(route.handler as unknown as Step) as unknown as RouteOptions['handler'];
    for (const name of routeSteps) {
      const step = steps[name];
      if (step) steps[name] = Array.isArray(step) ? step.map(inRequestContext) : inRequestContext(step);
    }
  });

  app.addHook('onRequest', (request, _reply, done) => {
    const parent = contextOf(header(request.headers.traceparent), header(request.headers.tracestate));
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.url.split('?', 1)[0],
          'url.scheme': request.protocol,
          'server.address': request.hostname,
          'client.address': request.ip,
          ...(request.port ? { 'server.port': request.port } : {})
        }
      },
      parent
    );
    request.traceContext = tracing.contextFor(parent, span);
    request.traceparent = traceparentOf(span.spanContext());
    done();
  });

  // The name of what failed, never its message: an internal error's message may quote a connection string.
  app.addHook('onError', (request, _reply, error, done) => {
    spanOf(request)?.setAttribute('error.type', error.code ?? error.name);
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const span = spanOf(request);
    if (span?.isRecording()) {
      const template = request.routeLabel ?? request.routeOptions.url;
      const status = reply.statusCode;
      span.setAttribute('http.response.status_code', status);
      if (template) span.setAttribute('http.route', template);
      const named = request.logRoute ?? template;
      if (named) span.updateName(`${request.method} ${named}`);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });

  app.addHook('onRequestAbort', (request, done) => {
    const span = spanOf(request);
    if (span?.isRecording()) {
      span.setAttribute('error.type', 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection' });
      span.end();
    }
    done();
  });
}
