import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import type { AuthSettings } from './auth-config.ts';
import type { AuthContext, ResetTokenDelivery } from './auth-context.ts';
import { userEventHandlers } from './consumers/on-user-events.ts';
import { ensureConfiguredAdmin } from './domain/ensure-configured-admin.ts';
import { createPasswordHasher } from './domain/password-hasher.ts';
import { createDecoyHash } from './domain/passwords.ts';
import { logDelivery } from './domain/reset-token-delivery.ts';
import { registerAccountRoutes } from './http/account-routes.ts';
import { accountAuthentication } from './http/authenticated.ts';
import { registerPasswordResetRoutes } from './http/password-reset-routes.ts';
import { registerSessionRoutes } from './http/session-routes.ts';

/** The auth service's composition root (SPEC §3.1): credentials, sessions, tokens. */
export async function createAuthService(
  deps: ServiceDeps<AuthSettings>,
  options: { deliverResetToken?: ResetTokenDelivery } = {}
): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'auth', new URL('../migrations/', import.meta.url));
  const passwords = runtime.part(createPasswordHasher('auth-password-hasher'));
  const ctx: AuthContext = {
    ...runtime.ctx,
    settings: deps.settings,
    deliverResetToken: options.deliverResetToken ?? logDelivery(runtime.ctx),
    passwords,
    decoyHash: createDecoyHash(passwords)
  };
  await ensureConfiguredAdmin(ctx);
  const authenticated = accountAuthentication(ctx);
  registerAccountRoutes(runtime.app, ctx, authenticated);
  registerSessionRoutes(runtime.app, ctx, authenticated);
  registerPasswordResetRoutes(runtime.app, ctx);
  return runtime.handle(userEventHandlers(ctx));
}
