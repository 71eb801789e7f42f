// The spans of a message's life (OpenTelemetry messaging conventions): `create` when the outbox row is written, in
// the transaction of the change; `send` when the relay publishes it; `process` when a consumer applies it. The
// message carries the create span's traceparent (the CloudEvents distributed-tracing extension, as a header), so the
// relay's send span and every consumer's process span are its children: one trace from the request to each effect.
import { context, ROOT_CONTEXT, SpanKind, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { contextOf, spanFailed, traceHeadersOf, type Tracing } from '../observability/tracing.ts';
import type { IncomingMessage, OutgoingMessage } from './transport.ts';

/** `kafka`, or `in_process` for the embedded mode's bus. */
export type MessagingSystem = 'kafka' | 'in_process';

export interface ProcessSpan {
  span: Span;
  parent: Context;
}

export interface MessageSpans {
  /**
   * A PRODUCER span `create <topic>` for an event written to the outbox, child of the active span (else of `cause`,
   * the traceparent the change was made under); its trace headers are added to `headers` before `write` runs in it.
   */
  created<T>(
    topic: string,
    eventId: string,
    cause: string | undefined,
    headers: Record<string, string>,
    write: () => Promise<T>
  ): Promise<T>;
  /**
   * A PRODUCER span `send <topic>` per message, child of the span its headers name, around one publish of them all.
   * A message that names none (written while tracing was off) starts a trace and carries the send span's context.
   */
  sent(
    messages: readonly OutgoingMessage[],
    ids: readonly string[],
    publish: (m: OutgoingMessage[]) => Promise<void>
  ): Promise<void>;
  /**
   * Runs `apply` with a CONSUMER span `process <topic>` per event, each the child of the span its message names, and
   * ends them when it settles. What `apply` shares among the events (the inbox claim) runs in the event's span when
   * it is alone, and in none when several share it.
   */
  processed<T>(
    items: readonly { message: IncomingMessage; event: { id: string; type: string } }[],
    group: string,
    apply: (processes: ProcessSpan[]) => Promise<T>
  ): Promise<T>;
  /** Runs fn with a process span active: the handler's queries and the events it writes are its children. */
  within<T>(process: ProcessSpan, fn: () => T): T;
}

/** The spans of the service's messages, or null when tracing is off (then callers do what they did without it). */
export function messageSpans(tracing: Tracing | undefined, system: MessagingSystem): MessageSpans | null {
  const tracer = tracing?.enabled ? tracing.tracer : null;
  if (!tracing || !tracer) return null;
  const attributes = (topic: string, operation: string, id: string): Attributes => ({
    'messaging.system': system,
    'messaging.destination.name': topic,
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.message.id': id
  });

  function processSpan(message: IncomingMessage, group: string, event: { id: string; type: string }): ProcessSpan {
    const parent = contextOf(message.headers.traceparent, message.headers.tracestate);
    const span = tracer!.startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          ...attributes(message.topic, 'process', event.id),
          'messaging.consumer.group.name': group,
          'messaging.destination.partition.id': String(message.partition),
          ...(system === 'kafka' ? { 'messaging.kafka.offset': Number(message.offset) } : {}),
          'cloudevents.event_id': event.id,
          'cloudevents.event_type': event.type
        }
      },
      parent
    );
    return { span, parent };
  }

  return {
    async created(topic, eventId, cause, headers, write) {
      const parent = tracing.parentContext(cause);
      const span = tracer.startSpan(
        `create ${topic}`,
        { kind: SpanKind.PRODUCER, attributes: attributes(topic, 'create', eventId) },
        parent
      );
      Object.assign(headers, traceHeadersOf(span.spanContext()));
      try {
        return await tracing.withSpan(parent, span, write);
      } catch (error) {
        spanFailed(span, error, false);
        throw error;
      } finally {
        span.end();
      }
    },

    async sent(messages, ids, publish) {
      const spans: Span[] = [];
      const out = messages.map((m, i) => {
        const parent = contextOf(m.headers.traceparent, m.headers.tracestate);
        const span = tracer.startSpan(
          `send ${m.topic}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: { ...attributes(m.topic, 'send', ids[i] ?? ''), 'messaging.kafka.message.key': m.key }
          },
          parent
        );
        spans.push(span);
        return m.headers.traceparent ? m : { ...m, headers: { ...m.headers, ...traceHeadersOf(span.spanContext()) } };
      });
      try {
        await publish(out);
      } catch (error) {
        for (const span of spans) spanFailed(span, error);
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
    },

    async processed(items, group, apply) {
      const processes = items.map(({ message, event }) => processSpan(message, group, event));
      const run = () => apply(processes);
      try {
        const result = await (processes.length === 1
          ? tracing.withSpan(processes[0]!.parent, processes[0]!.span, run)
          : context.with(ROOT_CONTEXT, run));
        for (const { span } of processes) span.end();
        return result;
      } catch (error) {
        for (const { span } of processes) {
          spanFailed(span, error, false);
          span.end();
        }
        throw error;
      }
    },

    within: (process, fn) => tracing.withSpan(process.parent, process.span, fn)
  };
}
