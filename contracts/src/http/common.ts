// Schemas every service's routes share, so each limit of SPEC §1 is written once (the platform re-exports them).
import { Type } from 'typebox';

/** PostgreSQL `integer` ids: 1..2^31−1 (SPEC §1). */
export const MAX_ID = 2_147_483_647;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id });

/** Text that PostgreSQL can hold: no NUL (JSON bodies are checked when parsed; this covers query and path). */
export function Text(options: { minLength?: number; maxLength: number; description?: string; pattern?: string }) {
  return Type.String({ pattern: '^[^\\u0000]*$', ...options });
}

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
