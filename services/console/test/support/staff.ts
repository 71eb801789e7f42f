import assert from 'node:assert/strict';
import { createStyleFlowClient, ok, type StyleFlowClient } from '@style-flow/client';
import { allTargets, startStack, type Mode, type Stack } from '../../../../test/support/stack.ts';
import { csrfOf, openBrowser, type Browser } from './browser.ts';
import { giveRole } from './roles.ts';

export const PASSWORD = 'password-0123';

/** The whole stack with the three people the staff pages are tried with. */
export interface Staff {
  stack: Stack;
  gateway: string;
  /** boss, signed in to the API: the first account, so the admin. */
  admin: StyleFlowClient;
  /** boss (admin), mia (manager) and paul (a plain user); each signs in as `<name>@example.com` with PASSWORD. */
  ids: { boss: number; mia: number; paul: number };
  /** Registers another account as the first three were. */
  register(username: string): Promise<{ id: number }>;
  /** A browser signed in through the console's sign-in form. */
  signedIn(email: string, language?: string): Promise<Browser>;
}

/**
 * Starts every service and sets up the people: boss registers first (and so is the admin), then mia, whom boss makes
 * a manager (waiting until the API answers with the role), and paul, who stays a plain user. If the setup fails the
 * stack is stopped here, since the caller never gets it to stop.
 */
export async function startStaff(mode: Mode, overrides: Record<string, string> = {}): Promise<Staff> {
  const stack = await startStack(mode, allTargets, { GATEWAY_HEALTH_INTERVAL_MS: '500', ...overrides });
  try {
    const gateway = stack.url('gateway');
    const anyone = createStyleFlowClient({ baseUrl: gateway });
    const register = (username: string) =>
      ok(anyone.POST('/auth/register', { body: { username, email: `${username}@example.com`, password: PASSWORD } }));
    const boss = await register('boss');
    const mia = await register('mia');
    const paul = await register('paul');
    const admin = createStyleFlowClient({ baseUrl: gateway });
    await admin.login('boss@example.com', PASSWORD);
    await giveRole(gateway, admin, { id: mia.id, email: 'mia@example.com', password: PASSWORD }, 'manager');
    const signedIn = async (email: string, language?: string): Promise<Browser> => {
      const b = openBrowser(gateway, language);
      const form = await b.get('/app/sign-in');
      const home = await b.post('/app/sign-in', { _csrf: csrfOf(form), email, password: PASSWORD });
      assert.equal(home.status, 200, `${email} signed in`);
      return b;
    };
    return { stack, gateway, admin, ids: { boss: boss.id, mia: mia.id, paul: paul.id }, register, signedIn };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
