import { recordActivity } from '../data/activity-repository.ts';
import { deleteIntegration, type Integration } from '../data/integration-repository.ts';
import type { UserContext } from '../user-context.ts';

/** Removes a linked account of the user, with its history entry; null when the user has no such link. */
export function unlinkIntegration(
  ctx: UserContext,
  userId: number,
  integrationId: number
): Promise<Integration | null> {
  return ctx.db.transaction(async (tx) => {
    const i = await deleteIntegration(tx, userId, integrationId);
    if (i) {
      await recordActivity(tx, {
        userId,
        type: 'integration_unlinked',
        details: { provider: i.provider, integration_id: i.id }
      });
    }
    return i;
  });
}
