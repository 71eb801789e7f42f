import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';
import type { MethodType } from './payment-repository.ts';

export type PaymentMethodRow = {
  id: number;
  name: string;
  type: MethodType;
  provider: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
};

const columns = 'id, name, type, provider, is_active, created_at, updated_at';

const methodConstraints: Record<string, ConstraintError> = {
  payment_methods_name_key: {
    code: 'PAYMENT_METHOD_EXISTS',
    detail: 'A payment method of this name already exists.',
    path: '/name'
  }
};

export async function findPaymentMethod(db: Queryable, id: number): Promise<PaymentMethodRow | null> {
  const { rows } = await db.query<PaymentMethodRow>(`select ${columns} from payment_methods where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listPaymentMethods(
  db: Queryable,
  f: { is_active?: boolean | undefined; type?: MethodType | undefined },
  after: number | null,
  limit: number
): Promise<PaymentMethodRow[]> {
  const { rows } = await db.query<PaymentMethodRow>(
    `select ${columns} from payment_methods
     where ($1::boolean is null or is_active = $1) and ($2::text is null or type = $2) and ($3::int is null or id > $3)
     order by id limit $4`,
    [f.is_active ?? null, f.type ?? null, after, limit]
  );
  return rows;
}

export async function insertPaymentMethod(
  db: Queryable,
  m: { name: string; type: MethodType; provider: string | null; is_active: boolean }
): Promise<PaymentMethodRow> {
  const { rows } = await mappingPgErrors(
    () =>
      db.query<PaymentMethodRow>(
        `insert into payment_methods (name, type, provider, is_active) values ($1, $2, $3, $4) returning ${columns}`,
        [m.name, m.type, m.provider, m.is_active]
      ),
    methodConstraints
  );
  return rows[0]!;
}

// The columns PUT /payment-methods/{id} may change; nothing else reaches the SQL text. The type stays: payments
// made with the method were settled by its type's rules.
const changeable = ['name', 'provider', 'is_active'] as const;
export type PaymentMethodChanges = Partial<{ name: string; provider: string | null; is_active: boolean }>;

export async function updatePaymentMethod(
  db: Queryable,
  id: number,
  changes: PaymentMethodChanges
): Promise<PaymentMethodRow | null> {
  const set = changeable.filter((c) => changes[c] !== undefined);
  const assignments = set.map((c, i) => `${c} = $${i + 2}`).join(', ');
  const { rows } = await mappingPgErrors(
    () =>
      db.query<PaymentMethodRow>(
        `update payment_methods set ${assignments}${set.length ? ', ' : ''}updated_at = now() where id = $1
         returning ${columns}`,
        [id, ...set.map((c) => changes[c])]
      ),
    methodConstraints
  );
  return rows[0] ?? null;
}
