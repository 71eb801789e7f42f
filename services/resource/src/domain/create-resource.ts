import { ResourceCreated } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import { insertResource, type ResourceInput, type ResourceRow } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { resourceSnapshot } from './snapshots.ts';

export async function createResource(
  ctx: ResourceContext,
  input: ResourceInput,
  traceparent: string
): Promise<ResourceRow> {
  return ctx.db.transaction(async (tx) => {
    const resource = await insertResource(tx, input);
    await ctx.emit(tx, [eventOf(ResourceCreated, resource.id, resourceSnapshot(resource), traceparent)]);
    return resource;
  });
}
