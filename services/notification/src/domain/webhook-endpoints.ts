import { AppError } from '@style-flow/platform';
import { replayDelivery, type DeliveryRow } from '../data/delivery-repository.ts';
import {
  deleteEndpoint,
  insertEndpoint,
  rotateSecret,
  updateEndpoint,
  type EndpointChanges,
  type EndpointRow
} from '../data/webhook-repository.ts';
import type { NotificationContext } from '../notification-context.ts';
import { newSecret } from '../webhooks/signature.ts';

/** SPEC §3.8: after a rotation the old secret signs beside the new one for a day. */
const OVERLAP_MS = 24 * 3_600_000;

const noEndpoint = (id: number) => new AppError('NOT_FOUND', `No webhook ${id}.`);

/** A target the guard refuses (a private address, a name that does not resolve) is the caller's bad input. */
async function checkTarget(ctx: NotificationContext, url: string): Promise<void> {
  const refused = await ctx.webhookTargets.check(url);
  if (refused)
    throw new AppError('VALIDATION_FAILED', `The webhook's url ${refused}.`, {
      errors: [{ path: '/url', message: refused }]
    });
}

export async function createWebhook(
  ctx: NotificationContext,
  input: { url: string; events: string[]; description: string | null }
): Promise<EndpointRow> {
  await checkTarget(ctx, input.url);
  return insertEndpoint(ctx.db, { ...input, events: [...new Set(input.events)], secret: newSecret() });
}

export async function changeWebhook(
  ctx: NotificationContext,
  id: number,
  changes: EndpointChanges
): Promise<EndpointRow> {
  if (changes.url !== undefined) await checkTarget(ctx, changes.url);
  const events = changes.events && [...new Set(changes.events)];
  const updated = await updateEndpoint(ctx.db, id, { ...changes, ...(events ? { events } : {}) });
  if (!updated) throw noEndpoint(id);
  if (changes.enabled) ctx.wakeWebhooks();
  return updated;
}

/** Its deliveries and their attempts go with it. */
export async function removeWebhook(ctx: NotificationContext, id: number): Promise<void> {
  if (!(await deleteEndpoint(ctx.db, id))) throw noEndpoint(id);
}

export async function rotateWebhookSecret(ctx: NotificationContext, id: number): Promise<EndpointRow> {
  const rotated = await rotateSecret(ctx.db, id, newSecret(), OVERLAP_MS);
  if (!rotated) throw noEndpoint(id);
  return rotated;
}

/** A delivery tried again from the start of its schedule (it was failed, or the admin wants it once more). */
export async function replayWebhookDelivery(
  ctx: NotificationContext,
  endpointId: number,
  deliveryId: number
): Promise<DeliveryRow> {
  const replayed = await replayDelivery(ctx.db, endpointId, deliveryId);
  if (!replayed) throw new AppError('NOT_FOUND', `No delivery ${deliveryId} of webhook ${endpointId}.`);
  ctx.wakeWebhooks();
  return replayed;
}
