import { AppError } from '@style-flow/platform';
import { insertCategory, type CategoryRow } from '../data/category-repository.ts';
import type { EventContext } from '../event-context.ts';

/** A new category; names are unique whatever their case and surrounding spaces (409). */
export async function addCategory(
  ctx: EventContext,
  input: { name: string; description?: string | undefined }
): Promise<CategoryRow> {
  const name = input.name.trim();
  if (name === '')
    throw new AppError('VALIDATION_FAILED', 'A category needs a name.', {
      errors: [{ path: '/name', message: 'must not be blank' }]
    });
  return insertCategory(ctx.db, name, input.description ?? null);
}
