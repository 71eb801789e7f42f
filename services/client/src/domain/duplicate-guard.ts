import { AppError, type Queryable } from '@style-flow/platform';
import { findDuplicates, lockClientIdentities, type IdentityProbe } from '../data/client-repository.ts';
import type { ClientContext } from '../client-context.ts';

/**
 * No accidental duplicates (SPEC §3.5): a client whose name, email or website domain is a live client's is a 409
 * listing those clients, unless the caller said `allow_duplicate=true`. The advisory lock makes creations and
 * identity changes take turns until their transaction ends, so two requests for the same new client cannot both
 * find nothing and both insert; the rule is not strict enough for a unique index, since a duplicate may be wanted.
 */
export async function guardAgainstDuplicates(
  ctx: ClientContext,
  tx: Queryable,
  keys: IdentityProbe,
  exceptId: number | null,
  allowDuplicate: boolean
): Promise<void> {
  if (allowDuplicate || Object.values(keys).every((k) => k === null)) return;
  await lockClientIdentities(tx);
  const found = await findDuplicates(tx, keys, exceptId, ctx.settings.duplicateCandidates);
  if (found.length === 0) return;
  const candidates = found.map((c) => ({
    id: c.id,
    name: c.name,
    type: c.type,
    email: c.email,
    website: c.website,
    matched_on: [
      ...(c.same_name ? ['name'] : []),
      ...(c.same_email ? ['email'] : []),
      ...(c.same_domain ? ['website'] : [])
    ]
  }));
  throw new AppError(
    'CLIENT_DUPLICATE',
    `${found.length === 1 ? 'A live client has' : 'Live clients have'} the same name, email or website; ` +
      'merge into one of them, or send ?allow_duplicate=true if this is another client.',
    { extras: { candidates } }
  );
}
