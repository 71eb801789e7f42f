// The OpenTelemetry settings of the process, from the standard OTEL_* variables that bin/style-flow.ts read as the
// platform's shared keys (platform-config.ts). Null when nothing is to be exported: then no provider is made at all.

export type OtlpProtocol = 'http/protobuf' | 'http/json';
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export interface TracingConfig {
  /** The OTLP/HTTP traces URL, `/v1/traces` included. */
  url: string;
  protocol: OtlpProtocol;
  /** Sent with every export (an API key, say): never logged. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  sampler: SamplerName;
  /** For the ratio samplers: the share of new traces kept, 0 to 1. */
  samplerRatio: number;
  /** Added to each service's resource; `service.name` is always the service's own. */
  resourceAttributes: Readonly<Record<string, string>>;
  batch: Readonly<{
    scheduledDelayMs: number;
    exportTimeoutMs: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  }>;
}

/** The values of the OTEL_* keys, as platform-config.ts reads them. */
export interface TracingValues {
  endpoint: string | null;
  tracesEndpoint: string | null;
  protocol: OtlpProtocol;
  tracesProtocol: string | null;
  headers: string | null;
  tracesHeaders: string | null;
  timeoutMs: number;
  tracesTimeoutMs: string | null;
  compression: 'gzip' | 'none';
  tracesCompression: string | null;
  sampler: SamplerName;
  samplerArg: string | null;
  resourceAttributes: string | null;
  sdkDisabled: 'true' | 'false';
  exporter: 'otlp' | 'none';
  bspScheduleDelayMs: number;
  bspExportTimeoutMs: number;
  bspMaxQueueSize: number;
  bspMaxExportBatchSize: number;
}

/** Checks of the keys whose text is not a plain word or number, for their `key.optional` definitions. */
export const tracingChecks = {
  url: (raw: string) => (URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol) ? null : 'is not an http(s) URL'),
  protocol: (raw: string) =>
    raw === 'http/protobuf' || raw === 'http/json'
      ? null
      : 'is not one of http/protobuf, http/json (grpc is not built in)',
  keyValues: (raw: string) => (parseKeyValues(raw) ? null : 'is not a list of key=value pairs separated by commas'),
  ratio: (raw: string) => {
    const value = Number(raw);
    return raw.trim() !== '' && value >= 0 && value <= 1 ? null : 'must be a number from 0 to 1';
  },
  milliseconds: (raw: string) => (/^\d+$/.test(raw) && Number(raw) > 0 ? null : 'must be a whole number above 0'),
  compression: (raw: string) => (raw === 'gzip' || raw === 'none' ? null : 'is not one of gzip, none')
};

/**
 * `key1=value1,key2=value2` with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES
 * are written (the W3C Baggage format without properties); null when malformed.
 */
export function parseKeyValues(raw: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const item of raw.split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) return null;
    const name = item.slice(0, at).trim();
    try {
      out[name] = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      return null;
    }
    if (name === '') return null;
  }
  return out;
}

/** The traces URL: the signal's own endpoint as given, else the shared endpoint with `v1/traces` appended. */
function tracesUrl(v: TracingValues): string | null {
  if (v.tracesEndpoint) return v.tracesEndpoint;
  if (!v.endpoint) return null;
  return `${v.endpoint.endsWith('/') ? v.endpoint : `${v.endpoint}/`}v1/traces`;
}

export function toTracingConfig(v: TracingValues): TracingConfig | null {
  const url = tracesUrl(v);
  if (url === null || v.sdkDisabled === 'true' || v.exporter === 'none') return null;
  return {
    url,
    protocol: (v.tracesProtocol as OtlpProtocol | null) ?? v.protocol,
    headers: { ...parseKeyValues(v.headers ?? ''), ...parseKeyValues(v.tracesHeaders ?? '') },
    timeoutMs: v.tracesTimeoutMs ? Number(v.tracesTimeoutMs) : v.timeoutMs,
    compression: (v.tracesCompression as 'gzip' | 'none' | null) ?? v.compression,
    sampler: v.sampler,
    samplerRatio: v.samplerArg === null ? 1 : Number(v.samplerArg),
    resourceAttributes: parseKeyValues(v.resourceAttributes ?? '') ?? {},
    batch: {
      scheduledDelayMs: v.bspScheduleDelayMs,
      exportTimeoutMs: v.bspExportTimeoutMs,
      maxQueueSize: v.bspMaxQueueSize,
      maxExportBatchSize: v.bspMaxExportBatchSize
    }
  };
}

/** What cannot be checked key by key. */
export function tracingProblems(v: Pick<TracingValues, 'bspMaxQueueSize' | 'bspMaxExportBatchSize'>): string[] {
  return v.bspMaxExportBatchSize > v.bspMaxQueueSize
    ? ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE must not be larger than OTEL_BSP_MAX_QUEUE_SIZE']
    : [];
}
