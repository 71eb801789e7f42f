import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

const httpUrl = (u: string) =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? null : 'is not an http(s) URL';

export const userConfig = defineConfig({
  /** An admin's POST /users creates the account in the auth service, which alone allocates user ids. */
  authUrls: key.list(
    'AUTH_SERVICE_URLS',
    '',
    'the auth service instances the user service asks to create accounts (default: http://127.0.0.1:$AUTH_SERVICE_PORT)',
    httpUrl
  )
});

export type UserSettings = ConfigValues<typeof userConfig.keys>;
