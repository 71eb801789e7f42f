import { recordActivity } from '../data/activity-repository.ts';
import { insertIntegration, type Integration, type IntegrationStatus } from '../data/integration-repository.ts';
import type { UserContext } from '../user-context.ts';

/** Links an external account to a user, with its history entry; the same account twice is INTEGRATION_EXISTS. */
export function linkIntegration(
  ctx: UserContext,
  userId: number,
  link: { provider: string; externalId: string; status: IntegrationStatus }
): Promise<Integration> {
  return ctx.db.transaction(async (tx) => {
    const i = await insertIntegration(tx, { userId, ...link });
    await recordActivity(tx, {
      userId,
      type: 'integration_linked',
      details: { provider: i.provider, integration_id: i.id }
    });
    return i;
  });
}
