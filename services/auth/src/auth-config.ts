import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

/** The auth service's own keys (the token key, JWT_SECRET_KEY, is shared: every service verifies tokens). */
export const authConfig = defineConfig(
  {
    accessTtlSeconds: key.int('JWT_ACCESS_TOKEN_EXPIRES', 3600, 1, 86400 * 30, 'access token lifetime, seconds'),
    refreshTtlSeconds: key.int('JWT_REFRESH_TOKEN_EXPIRES', 604800, 1, 86400 * 365, 'refresh token lifetime, seconds'),
    adminEmail: key.optional('ADMIN_EMAIL', 'with ADMIN_PASSWORD: the admin account created at start when absent'),
    adminPassword: key.optional('ADMIN_PASSWORD', 'password of ADMIN_EMAIL')
  },
  (v) =>
    (v.adminEmail === null) !== (v.adminPassword === null)
      ? ['ADMIN_EMAIL and ADMIN_PASSWORD must be set together']
      : []
);

export type AuthSettings = ConfigValues<typeof authConfig.keys>;
