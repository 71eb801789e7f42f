import type { Json, StyleFlowClient } from '@style-flow/client';

export type Person = Json<'/users/{id}', 'get'>;

/** A person as a list shows them: their names when they gave them, else their user name. */
export const displayName = (p: Pick<Person, 'first_name' | 'last_name' | 'username'>): string =>
  [p.first_name, p.last_name].filter(Boolean).join(' ') || p.username;

/**
 * The people behind a page of registrations (which carry only user ids), asked of the user service together. A page
 * is at most a few dozen rows; someone the API will not show (or who is gone) is simply missing from the map.
 */
export async function peopleOf(api: StyleFlowClient, userIds: readonly number[]): Promise<Map<number, Person>> {
  const unique = [...new Set(userIds)];
  const found = await Promise.all(
    unique.map(async (id) => (await api.GET('/users/{id}', { params: { path: { id } } })).data)
  );
  return new Map(found.filter((p): p is Person => p !== undefined).map((p) => [p.id, p]));
}
