import { createServiceRuntime, revocationHandlers, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import type { EventContext } from './domain/event-context.ts';
import { registerCategoryRoutes } from './http/category-routes.ts';
import { eventAuth, registerEventRoutes } from './http/event-routes.ts';
import { registerRegistrationRoutes } from './http/registration-routes.ts';

/**
 * The event service's composition root (SPEC §3.3): events, categories, registrations that never overbook,
 * the waitlist. Paid holds settled by payment events, and the reactions to user and resource events, are
 * the next steps of its issue.
 */
export async function createEventService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'event', new URL('../migrations/', import.meta.url));
  const ctx: EventContext = { db: runtime.db, config: runtime.config, logger: runtime.logger, emit: runtime.emit, holdMs: 30 * 60 * 1000 };
  const auth = eventAuth(ctx);
  registerEventRoutes(runtime.app, ctx, auth);
  registerRegistrationRoutes(runtime.app, ctx, auth);
  registerCategoryRoutes(runtime.app, ctx, auth);
  return runtime.handle(revocationHandlers());
}
