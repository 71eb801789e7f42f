import { randomUUID } from 'node:crypto';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter
} from '@opentelemetry/sdk-trace';
import type { Logger } from './logger.ts';
import type { TracingConfig } from './tracing-config.ts';

/** What a test may set instead of an OTLP endpoint: where the spans go, and how often they are sent. */
export interface TracingOverrides {
  exporter: SpanExporter;
  scheduledDelayMs?: number;
}

function samplerOf(config: TracingConfig | null): Sampler {
  if (!config) return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  const ratio = () => new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * The OTLP/HTTP exporter with every option given explicitly: the values bin/style-flow.ts read from the OTEL_*
 * variables win over whatever the exporter would find in the environment by itself (DESIGN rule 3).
 */
function otlpExporter(config: TracingConfig): SpanExporter {
  const options = {
    url: config.url,
    headers: { ...config.headers },
    timeoutMillis: config.timeoutMs,
    compression: config.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    httpAgentOptions: { keepAlive: true }
  };
  return config.protocol === 'http/json' ? new JsonTraceExporter(options) : new ProtobufTraceExporter(options);
}

/**
 * The exporter, saying in the service's log when spans could not be sent (the collector is down, refuses them):
 * the first failure of a run of them and every hundredth, so that missing traces are explained without a flood.
 */
function reporting(exporter: SpanExporter, logger: Logger | undefined): SpanExporter {
  if (!logger) return exporter;
  let failures = 0;
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          failures = 0;
        } else if (++failures === 1 || failures % 100 === 0) {
          logger.warn({ err: result.error, failures, spans: spans.length }, 'exporting spans failed; they are dropped');
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve()
  };
}

/**
 * One provider per service, never the global one: `style-flow all` runs several services in one process, and each
 * span must name its own service (`service.name`). Shut down with the service, which sends what is left.
 */
export function createTracerProvider(
  service: string,
  version: string,
  config: TracingConfig | null,
  overrides?: TracingOverrides,
  logger?: Logger
): TracerProvider {
  const exporter = reporting(overrides?.exporter ?? otlpExporter(config!), logger);
  const resource = defaultResource().merge(
    resourceFromAttributes({
      'service.namespace': 'style-flow',
      ...config?.resourceAttributes,
      'service.name': service,
      'service.version': version,
      'service.instance.id': randomUUID()
    })
  );
  const batch = config?.batch;
  return new TracerProvider({
    resource,
    sampler: samplerOf(config),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: overrides?.scheduledDelayMs ?? batch?.scheduledDelayMs ?? 5000,
        exportTimeoutMillis: batch?.exportTimeoutMs ?? 30_000,
        maxQueueSize: batch?.maxQueueSize ?? 2048,
        maxExportBatchSize: batch?.maxExportBatchSize ?? 512
      })
    ]
  });
}
