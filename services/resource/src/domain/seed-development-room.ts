import { ResourceCreated } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import { insertRoomIfEmpty } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { resourceSnapshot } from './snapshots.ts';

/**
 * The seed's walkthrough allocates resource 1 without creating it (SPEC §3.4): in development, an empty system gets
 * one room, `Main hall`, which is then resource 1. No other environment gets sample data.
 */
export async function seedDevelopmentRoom(ctx: ResourceContext): Promise<void> {
  if (ctx.config.environment !== 'development') return;
  await ctx.db.transaction(async (tx) => {
    const room = await insertRoomIfEmpty(tx, 'Main hall');
    if (!room) return;
    await ctx.emit(tx, [eventOf(ResourceCreated, room.id, resourceSnapshot(room))]);
    ctx.logger.info({ resource_id: room.id }, 'seeded the development room Main hall');
  });
}
