import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

const httpUrl = (u: string) =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? null : 'is not an http(s) URL';

export const eventConfig = defineConfig({
  holdSeconds: key.int(
    'REGISTRATION_HOLD_SECONDS',
    1800,
    1,
    86400 * 30,
    'how long a registration for a paid event holds its seat waiting for payment.completed'
  ),
  holdSweepIntervalMs: key.int('HOLD_SWEEP_INTERVAL_MS', 5000, 10, 3_600_000, 'how often expired holds are released'),
  clientUrls: key.list(
    'CLIENT_SERVICE_URLS',
    '',
    'the client service instances the event service asks about a client its copy lacks (default: http://127.0.0.1:$CLIENT_SERVICE_PORT)',
    httpUrl
  ),
  clientTimeoutMs: key.int(
    'CLIENT_SERVICE_TIMEOUT_MS',
    3000,
    100,
    60_000,
    'how long the event service waits for the client service before answering 503'
  )
});

export type EventSettings = ConfigValues<typeof eventConfig.keys>;
