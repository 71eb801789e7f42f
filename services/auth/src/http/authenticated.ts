import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountRow } from '../data/account-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { currentAccount } from '../domain/current-account.ts';

export interface AccountAuthentication {
  /** A preHandler: the platform's check, then the session and account in auth's own tables. */
  required(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The caller's account, loaded by `required`. */
  accountOf(request: FastifyRequest): AccountRow;
}

/**
 * Auth owns sessions and accounts, so on its own routes it does not wait for events: an ended session or a
 * deactivated account is refused at once, and the role is the account's (a demotion counts before its event
 * has gone round). The account is kept for the handler, so /auth/me costs no further query.
 */
export function accountAuthentication(ctx: AuthContext): AccountAuthentication {
  const accounts = new WeakMap<FastifyRequest, AccountRow>();
  return {
    async required(request, reply) {
      await ctx.auth.required(request, reply);
      try {
        const account = await currentAccount(ctx, request.principal!);
        request.principal = { ...request.principal!, role: account.role };
        accounts.set(request, account);
      } catch (error) {
        request.principal = null;
        throw error;
      }
    },
    accountOf(request) {
      const account = accounts.get(request);
      if (!account) throw new Error('accountOf() on a route without the account preHandler');
      return account;
    }
  };
}
