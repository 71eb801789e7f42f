import { AppError } from '@style-flow/platform';
import { findActivity, updateManualEntry, type ActivityRow, type ManualEntry } from '../data/activity-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { lockLiveClient } from './live-client.ts';

/**
 * Edits a manual entry of a live client's timeline. System entries record what another service announced and
 * cannot be edited (422): the UPDATE itself carries the condition, so nothing turns a system entry manual first.
 */
export async function editActivity(
  ctx: ClientContext,
  clientId: number,
  activityId: number,
  changes: Partial<ManualEntry>
): Promise<ActivityRow> {
  return ctx.db.transaction(async (tx) => {
    await lockLiveClient(tx, clientId);
    const entry = await findActivity(tx, clientId, activityId);
    if (!entry) throw new AppError('NOT_FOUND', `Client ${clientId} has no timeline entry ${activityId}.`);
    const edited = await updateManualEntry(tx, activityId, changes);
    if (!edited) {
      throw new AppError(
        'ACTIVITY_NOT_EDITABLE',
        `Entry ${activityId} was written by the system from a ${entry.type} and cannot be edited.`
      );
    }
    return edited;
  });
}
