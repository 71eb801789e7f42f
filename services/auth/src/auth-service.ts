import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { userEventHandlers } from './consumers/on-user-events.ts';
import type { AuthContext, ResetTokenDelivery } from './domain/auth-context.ts';
import { logDelivery } from './domain/password-reset.ts';
import { createDecoyHash } from './domain/passwords.ts';
import { ensureConfiguredAdmin } from './domain/register.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';

/** The auth service's composition root (SPEC §3.1): credentials, sessions, tokens. */
export async function createAuthService(
  deps: ServiceDeps,
  options: { deliverResetToken?: ResetTokenDelivery } = {}
): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'auth', new URL('../migrations/', import.meta.url));
  const ctx: AuthContext = {
    db: runtime.db,
    config: runtime.config,
    logger: runtime.logger,
    emit: runtime.emit,
    deliverResetToken: options.deliverResetToken ?? logDelivery(runtime),
    decoyHash: createDecoyHash()
  };
  await ensureConfiguredAdmin(ctx);
  registerAuthRoutes(runtime.app, ctx);
  return runtime.handle(userEventHandlers(ctx));
}
