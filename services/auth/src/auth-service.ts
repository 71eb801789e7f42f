import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import type { AuthSettings } from './auth-config.ts';
import type { AuthContext, ResetTokenDelivery } from './auth-context.ts';
import { userEventHandlers } from './consumers/on-user-events.ts';
import { logDelivery } from './domain/password-reset.ts';
import { createDecoyHash } from './domain/passwords.ts';
import { ensureConfiguredAdmin } from './domain/register.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';

/** The auth service's composition root (SPEC §3.1): credentials, sessions, tokens. */
export async function createAuthService(
  deps: ServiceDeps<AuthSettings>,
  options: { deliverResetToken?: ResetTokenDelivery } = {}
): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'auth', new URL('../migrations/', import.meta.url));
  const ctx: AuthContext = {
    ...runtime.ctx,
    settings: deps.settings,
    deliverResetToken: options.deliverResetToken ?? logDelivery(runtime.ctx),
    decoyHash: createDecoyHash()
  };
  await ensureConfiguredAdmin(ctx);
  registerAuthRoutes(runtime.app, ctx);
  return runtime.handle(userEventHandlers(ctx));
}
