import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { eventEventsHandlers } from './consumers/on-event-events.ts';
import { seedDevelopmentRoom } from './domain/seed-development-room.ts';
import { registerAllocationRoutes } from './http/allocation-routes.ts';
import { registerBlockRoutes } from './http/block-routes.ts';
import { registerResourceRoutes } from './http/resource-routes.ts';
import { registerResourceTypeRoutes } from './http/resource-type-routes.ts';
import type { ResourceContext } from './resource-context.ts';

/**
 * The resource service's composition root (SPEC §3.4): resources and their types, maintenance blocks, and
 * allocations to events that never hold more than a resource's quantity at any instant (the database's capacity
 * trigger), kept in step with the events they serve through event-events.
 */
export async function createResourceService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'resource', new URL('../migrations/', import.meta.url));
  const ctx: ResourceContext = runtime.ctx;
  await seedDevelopmentRoom(ctx);
  registerResourceRoutes(runtime.app, ctx);
  registerResourceTypeRoutes(runtime.app, ctx);
  registerAllocationRoutes(runtime.app, ctx);
  registerBlockRoutes(runtime.app, ctx);
  return runtime.handle(eventEventsHandlers(ctx));
}
