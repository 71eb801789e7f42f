import { sleep } from '@style-flow/platform';
import type { ChargeRequest, ChargeResult, PaymentProvider, RefundRequest, RefundResult } from './payment-provider.ts';

/**
 * The built-in provider: no processor behind it, and a rule anyone can read (the README has it), so that every
 * path of a payment can be produced on purpose. The last two digits of the amount in minor units decide (the
 * cents of 49.01 EUR; of 5001 JPY):
 *   01 → declined at once;
 *   02 → pending, succeeds once `delayMs` have passed since the payment (the sweeper finds out);
 *   03 → the provider never answers: the request times out and leaves the payment pending; the charge did go
 *        through, so the sweeper completes it;
 *   04 → pending, declined once `delayMs` have passed (a late refusal releases a held seat);
 *   anything else → succeeds at once.
 * A refund whose amount ends in 09 is refused by the provider (its reservation is given back); any other succeeds.
 * Deterministic and stateless: asking again about the same charge always gives the same answer.
 */
export function createBuiltInProvider(options: { delayMs: number }): PaymentProvider {
  const ending = (minor: bigint) => Number(minor % 100n);
  const settled = (request: ChargeRequest) => Date.now() - request.createdAt.getTime() >= options.delayMs;

  return {
    name: 'built-in',
    async charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult> {
      switch (ending(request.minor)) {
        case 1:
          return { outcome: 'declined', reason: 'card declined by the issuer (built-in provider: amount ending 01)' };
        case 2:
        case 4:
          return { outcome: 'pending' };
        case 3:
          // Never answers: waits until the caller gives up.
          await sleep(2 ** 31 - 1, signal);
          return { outcome: 'pending' };
        default:
          return { outcome: 'succeeded' };
      }
    },
    async lookup(request: ChargeRequest): Promise<ChargeResult> {
      switch (ending(request.minor)) {
        case 1:
          return { outcome: 'declined', reason: 'card declined by the issuer (built-in provider: amount ending 01)' };
        case 2:
          return settled(request) ? { outcome: 'succeeded' } : { outcome: 'pending' };
        case 4:
          return settled(request)
            ? { outcome: 'declined', reason: 'insufficient funds, found after a delay (built-in provider: ending 04)' }
            : { outcome: 'pending' };
        default:
          return { outcome: 'succeeded' };
      }
    },
    async refund(request: RefundRequest): Promise<RefundResult> {
      return ending(request.minor) === 9
        ? { outcome: 'failed', reason: 'refund refused by the provider (built-in provider: amount ending 09)' }
        : { outcome: 'succeeded' };
    }
  };
}
