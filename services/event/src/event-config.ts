import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

export const eventConfig = defineConfig({
  holdSeconds: key.int(
    'REGISTRATION_HOLD_SECONDS',
    1800,
    1,
    86400 * 30,
    'how long a registration for a paid event holds its seat waiting for payment.completed'
  ),
  holdSweepIntervalMs: key.int('HOLD_SWEEP_INTERVAL_MS', 5000, 10, 3_600_000, 'how often expired holds are released')
});

export type EventSettings = ConfigValues<typeof eventConfig.keys>;
