import { insertResourceType, type ResourceTypeRow } from '../data/resource-type-repository.ts';
import type { ResourceContext } from '../resource-context.ts';

/** Staff add kinds of resource beside the seeded five; names are unique whatever their case (409). */
export function addResourceType(
  ctx: ResourceContext,
  name: string,
  description: string | null
): Promise<ResourceTypeRow> {
  return insertResourceType(ctx.db, name, description);
}
