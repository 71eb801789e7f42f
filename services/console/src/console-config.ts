import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

export const consoleConfig = defineConfig({
  sessionIdleSeconds: key.int(
    'CONSOLE_SESSION_IDLE_SECONDS',
    86_400,
    60,
    30 * 86_400,
    'how long a console session lives without a request before it ends (its tokens are kept encrypted until then)'
  ),
  sessionRememberMs: key.int(
    'CONSOLE_SESSION_REMEMBER_MS',
    15_000,
    0,
    60_000,
    'how long an instance trusts a session it has read before reading it again (0: every request); one ended elsewhere is refused by the API meanwhile'
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
