import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

const httpUrl = (u: string) =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? null : 'is not an http(s) URL';

export const resourceConfig = defineConfig({
  /** An allocation for an event this service has not heard of yet asks the event service (SPEC §5). */
  eventUrls: key.list(
    'EVENT_SERVICE_URLS',
    '',
    'the event service instances the resource service asks about an event its copy lacks (default: http://127.0.0.1:$EVENT_SERVICE_PORT)',
    httpUrl
  ),
  eventTimeoutMs: key.int(
    'EVENT_SERVICE_TIMEOUT_MS',
    3000,
    100,
    60000,
    'how long the resource service waits for the event service before answering 503'
  )
});

export type ResourceSettings = ConfigValues<typeof resourceConfig.keys>;
