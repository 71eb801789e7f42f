import type { Queryable } from '@style-flow/platform';

/** The service's ticket key: the private key as PKCS#8 DER, the public key as its raw 32 bytes. */
export type TicketKeyRow = { private_key: Buffer; public_key: Buffer };

export async function readTicketKey(db: Queryable): Promise<TicketKeyRow | null> {
  const { rows } = await db.query<TicketKeyRow>('select private_key, public_key from ticket_keys where id = 1');
  return rows[0] ?? null;
}

/** Keeps a new key unless another instance kept one first; the key kept is the one to read afterwards. */
export async function insertTicketKey(db: Queryable, key: TicketKeyRow): Promise<void> {
  await db.query(
    'insert into ticket_keys (id, private_key, public_key) values (1, $1, $2) on conflict (id) do nothing',
    [key.private_key, key.public_key]
  );
}
