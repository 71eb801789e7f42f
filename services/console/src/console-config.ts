import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

export const consoleConfig = defineConfig({
  sessionIdleSeconds: key.int(
    'CONSOLE_SESSION_IDLE_SECONDS',
    86_400,
    60,
    30 * 86_400,
    'how long a console session lives without a request before it ends (its tokens are kept encrypted until then)'
  ),
  sessionSweepMs: key.int(
    'CONSOLE_SESSION_SWEEP_MS',
    600_000,
    1000,
    86_400_000,
    'how often expired console sessions are deleted'
  )
});

export type ConsoleSettings = ConfigValues<typeof consoleConfig.keys>;
