import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { onAuthUserRegistered } from './consumers/on-auth-user-registered.ts';
import { sessionHandlers } from './consumers/on-auth-sessions.ts';
import { commandHandlers } from './consumers/on-user-commands.ts';
import type { UserContext } from './domain/user-context.ts';
import { userServiceAuth } from './http/access.ts';
import { registerUserDetailRoutes } from './http/user-detail-routes.ts';
import { registerUserRoutes } from './http/user-routes.ts';

/** The user service's composition root (SPEC §3.2): profiles, roles, settings, integrations, activity. */
export async function createUserService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'user', new URL('../migrations/', import.meta.url));
  const ctx: UserContext = { db: runtime.db, config: runtime.config, logger: runtime.logger, emit: runtime.emit };
  const authenticate = userServiceAuth(runtime.db, runtime.config);
  registerUserRoutes(runtime.app, ctx, authenticate);
  registerUserDetailRoutes(runtime.app, ctx, authenticate);
  return runtime.handle([onAuthUserRegistered(ctx), ...sessionHandlers(), ...commandHandlers(ctx)]);
}
