import { createStyleFlowClient, type StyleFlowClient } from '@style-flow/client';
import { eventually } from '@style-flow/platform/testing';

/**
 * Gives a person a role and waits until the API answers with it. A new account reaches the user service as an event,
 * and the role reaches auth (which answers /auth/me, what the console asks) as another: a test that signs in at once
 * would meet the old role.
 */
export async function giveRole(
  gateway: string,
  admin: StyleFlowClient,
  person: { id: number; email: string; password: string },
  role: 'user' | 'manager' | 'admin'
): Promise<void> {
  await eventually(
    async () => (await admin.PUT('/users/{id}', { params: { path: { id: person.id } }, body: { role } })).response.ok,
    30_000,
    `${person.email} to be given the role ${role}`
  );
  const as = createStyleFlowClient({ baseUrl: gateway });
  await as.login(person.email, person.password);
  await eventually(async () => (await as.GET('/auth/me')).data?.role === role, 30_000, `${person.email} to be ${role}`);
}
