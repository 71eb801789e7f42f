import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { onAuthUserRegistered } from './consumers/on-auth-user-registered.ts';

/**
 * The user service's composition root (SPEC §3.2). Today: the profile store fed by
 * `auth.user.registered`, announcing `user.created`; its HTTP API comes with the auth and user issue.
 */
export async function createUserService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'user', new URL('../migrations/', import.meta.url));
  return runtime.handle([onAuthUserRegistered(runtime.emit)]);
}
