// The stack as a client sees it: every request goes to the gateway, whichever service the test names.
import type { Stack } from '../../../../test/support/stack.ts';

export function throughGateway(stack: Stack): Stack {
  return {
    ...stack,
    request: ((method, _service, path, options) => stack.request(method, 'gateway', path, options)) as Stack['request']
  };
}

/** The text of a /metrics page, read with a staff token (the page is not public, SPEC §3.7). */
export async function metricsText(stack: Stack, service: string, token: string): Promise<string> {
  const res = await fetch(`${stack.url(service)}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`/metrics of ${service} answered ${res.status}`);
  return res.text();
}
