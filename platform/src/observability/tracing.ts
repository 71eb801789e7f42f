// OpenTelemetry for one service (SPEC §4 "Tracing"): spans made by the platform itself (the HTTP server, the
// database adapter, the outbox, the relay, the consumers, calls to other services), in a provider of the service's
// own, exported over OTLP. Without an endpoint nothing is made: `enabled` is false and every method passes through.
// Only the API is loaded here: the SDK and the exporters (some 40 MB, most of a second to load) only when enabled.
import {
  context,
  createContextKey,
  createTraceState,
  isSpanContextValid,
  isValidSpanId,
  isValidTraceId,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer
} from '@opentelemetry/api';
import type { Logger } from './logger.ts';
import type { TracingOverrides } from './tracer-provider.ts';
import type { TracingConfig } from './tracing-config.ts';

/** The W3C Trace Context headers of an outgoing call. */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** What a call to another service sends and reports back, within its CLIENT span. */
export interface OutgoingCall {
  /**
   * To send with the request: the CLIENT span's traceparent (and tracestate), so the other service's server span is
   * its child. With tracing off: the `parent` given to clientSpan, as a plain hop of the same trace, or nothing.
   */
  readonly headers: Readonly<TraceHeaders>;
  /** Records the status the other side answered; from 500 up the span is marked failed. */
  answered(status: number): void;
}

export interface Tracing {
  /** False when no exporter is configured: no provider exists and nothing below allocates a span. */
  readonly enabled: boolean;
  /** `event-service`: the service.name of every span of this service. */
  readonly service: string;
  /** The service's tracer, for the platform's own spans. Absent when tracing is off. */
  readonly tracer: Tracer | null;
  /**
   * A CLIENT span around a call to another service:
   *
   *   const user = await ctx.tracing.clientSpan('GET', { 'server.address': host, 'url.full': url }, async (call) => {
   *     const res = await request(url, { headers: { ...call.headers, authorization } });
   *     call.answered(res.statusCode);
   *     return res;
   *   }, request.traceparent);
   *
   * The span is a child of the span active here (the request's server span, the event's consumer span), else of
   * `parent` (a W3C traceparent the caller kept, for work that runs outside any span); it ends when `call` settles,
   * failed when `call` throws (the error is rethrown as it was).
   */
  clientSpan<T>(
    name: string,
    attributes: Attributes,
    call: (outgoing: OutgoingCall) => Promise<T>,
    parent?: string
  ): Promise<T>;
  /** The context new spans start in: the active one when a span is active here, else the one `traceparent` names. */
  parentContext(traceparent?: string): Context;
  /** `parent` with `span` active in it, and this service's tracing known to what runs in it (currentTracing). */
  contextFor(parent: Context, span: Span): Context;
  /** Runs fn in contextFor(parent, span): what fn does is part of the span. */
  withSpan<T>(parent: Context, span: Span, fn: () => T): T;
  /** Exports the spans that wait (tests; the service's stop does it through shutdown); never rejects. */
  flush(): Promise<void>;
  /** Exports what waits and closes the exporter; spans made afterwards are dropped. Never rejects. */
  shutdown(): Promise<void>;
}

const TRACING = createContextKey('style-flow tracing');
const NO_CALL: OutgoingCall = Object.freeze({ headers: Object.freeze({}), answered: () => undefined });

/** The W3C traceparent of a span context ('' when it is not a valid one). */
export function traceparentOf(span: SpanContext): string {
  if (!isSpanContextValid(span)) return '';
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The headers that carry a span context to another process. */
export function traceHeadersOf(span: SpanContext): TraceHeaders {
  const traceparent = traceparentOf(span);
  if (!traceparent) return {};
  const state = span.traceState?.serialize();
  return state ? { traceparent, tracestate: state } : { traceparent };
}

// W3C Trace Context: version ff is invalid; version 00 has exactly four fields, a later version may have more.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** A context whose parent is the remote span a traceparent names; the root context when it names none. */
export function contextOf(traceparent: string | undefined, tracestate?: string): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5])) return ROOT_CONTEXT;
  const [, , traceId = '', spanId = '', flags = '00'] = match;
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16),
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {})
  });
}

/** Marks a span failed; `detail` false keeps the error's message (which may quote input) out of the trace. */
export function spanFailed(span: Span, error: unknown, detail = true): void {
  const code = (error as { code?: unknown } | null)?.code;
  const type = typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error';
  span.setAttribute('error.type', type);
  if (detail && error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    ...(detail && error instanceof Error ? { message: error.message } : {})
  });
}

/** Tracing that does nothing: the no-exporter path, with no provider and no span. */
export function disabledTracing(service: string): Tracing {
  return {
    enabled: false,
    service,
    tracer: null,
    clientSpan: (_name, _attributes, call, parent) =>
      call(parent ? { headers: { traceparent: parent }, answered: NO_CALL.answered } : NO_CALL),
    parentContext: () => context.active(),
    contextFor: (parent) => parent,
    withSpan: (_parent, _span, fn) => fn(),
    flush: async () => {},
    shutdown: async () => {}
  };
}

/**
 * The tracing of the service whose span is active here (the request's, the event's), or null (tracing is off, or
 * no span is active): for platform code that runs on behalf of a service without holding its context (forward()).
 */
export function currentTracing(): Tracing | null {
  return (context.active().getValue(TRACING) as Tracing | undefined) ?? null;
}

export interface TracingOptions {
  /** `event-service`. */
  service: string;
  version: string;
  /** Null: tracing is off (unless a test passes an exporter). */
  config: Readonly<TracingConfig> | null;
  /** Tests: spans go to this exporter instead of OTLP. */
  overrides?: TracingOverrides;
  /** Where a failed export is reported. */
  logger?: Logger;
}

export async function createTracing(options: TracingOptions): Promise<Tracing> {
  const { service, version, config, overrides, logger } = options;
  if (!config && !overrides) return disabledTracing(service);
  const [{ AsyncLocalStorageContextManager }, { createTracerProvider }] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('./tracer-provider.ts')
  ]);
  // Context follows async code through AsyncLocalStorage. The one global context manager is shared by the services
  // of the process (a second registration is refused, harmlessly); their providers stay their own.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  const provider = createTracerProvider(service, version, config, overrides, logger);
  const tracer = provider.getTracer('@style-flow/platform', version);

  const tracing: Tracing = {
    enabled: true,
    service,
    tracer,
    async clientSpan(name, attributes, call, parent) {
      const from = tracing.parentContext(parent);
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, from);
      const outgoing: OutgoingCall = {
        headers: traceHeadersOf(span.spanContext()),
        answered(status) {
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
      };
      try {
        return await tracing.withSpan(from, span, () => call(outgoing));
      } catch (error) {
        spanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    parentContext(traceparent) {
      const active = context.active();
      return trace.getSpan(active) || !traceparent ? active : contextOf(traceparent);
    },
    contextFor(parent, span) {
      return trace.setSpan(parent, span).setValue(TRACING, tracing);
    },
    withSpan(parent, span, fn) {
      return context.with(tracing.contextFor(parent, span), fn);
    },
    // A failed export is the exporter's to report (tracer-provider.ts); it never fails the service's stop.
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined)
  };
  return tracing;
}
