import { AppError, type Queryable } from '@style-flow/platform';
import { lockClient, type ClientRow } from '../data/client-repository.ts';

/**
 * The client a change is about, its row locked until the transaction ends: 404 when there is none, 422 when it
 * is archived (its history is kept as it was; a merged client's lives on in the client that took it over).
 */
export async function lockLiveClient(tx: Queryable, id: number): Promise<ClientRow> {
  const client = await lockClient(tx, id);
  if (!client) throw new AppError('NOT_FOUND', `No client ${id}.`);
  if (client.status === 'archived') {
    const merged = client.merged_into === null ? '' : ` (merged into client ${client.merged_into})`;
    throw new AppError('CLIENT_ARCHIVED', `Client ${id} is archived${merged}; its history can be read, not changed.`, {
      extras: { merged_into: client.merged_into }
    });
  }
  return client;
}
