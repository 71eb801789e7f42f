import { lookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';

// A webhook's URL is an admin's input that this service then calls: it must not become a way to reach what only
// the service can (SSRF) — its own network, the cloud's metadata address, localhost. Every address a host resolves
// to is checked, and the connection goes to an address that was checked (the same lookup serves both), so a name
// that resolves elsewhere a moment later (DNS rebinding) gains nothing. Redirects are not followed at all.

const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4] // reserved, broadcast
] as const)
  refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64, which maps IPv4 (private ones too)
  ['2001:db8::', 32] // documentation
] as const)
  refused.addSubnet(net, bits, 'ipv6');

/** The IPv4 address an IPv4-mapped or -compatible IPv6 address stands for (::ffff:127.0.0.1), else null. */
function embeddedIpv4(address: string): string | null {
  const m = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[2]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an address is in a range a webhook may not reach: private, loopback, link-local, unique-local, unspecified. */
export function isRefusedAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = isIP(plain) === 4 ? plain : embeddedIpv4(plain);
  if (v4) return refused.check(v4, 'ipv4');
  return isIP(plain) === 6 ? refused.check(plain, 'ipv6') : true;
}

export class RefusedTarget extends Error {
  override name = 'RefusedTarget';
}

/** The host of a URL as the allow-list and DNS see it (an IPv6 literal without its brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

export interface TargetGuard {
  /** Why a URL may not be a webhook's target (a reason to show), or null when it may. Resolves its host. */
  check(url: string): Promise<string | null>;
  /** The dispatcher every delivery goes through: it connects only to addresses it has checked. */
  agent: Agent;
}

export function createTargetGuard(allowedHosts: readonly string[], timeoutMs: number): TargetGuard {
  const allowed = new Set(allowedHosts.map((h) => h.replace(/^\[|\]$/g, '').toLowerCase()));

  function resolve(host: string): Promise<LookupAddress[]> {
    if (isIP(host)) return Promise.resolve([{ address: host, family: isIP(host) }]);
    return new Promise((ok, fail) =>
      lookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? fail(error) : ok(addresses)))
    );
  }

  /** The addresses of a host, when every one of them may be reached (or the host is allowed); else it throws. */
  async function checkedAddresses(host: string): Promise<LookupAddress[]> {
    const addresses = await resolve(host);
    if (addresses.length === 0) throw new RefusedTarget(`${host} resolves to no address`);
    if (allowed.has(host)) return addresses;
    const bad = addresses.find((a) => isRefusedAddress(a.address));
    if (bad)
      throw new RefusedTarget(
        `${host} resolves to ${bad.address}, in a private, loopback or link-local range (WEBHOOK_ALLOWED_HOSTS lifts this)`
      );
    return addresses;
  }

  const agent = new Agent({
    connectTimeout: timeoutMs,
    connect: {
      // net.connect calls this for host names (an IP literal is checked before the request: see deliver). Both of
      // its forms: all addresses (with autoSelectFamily) or the first one.
      lookup: ((host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        checkedAddresses(host.toLowerCase()).then(
          (addresses) =>
            options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family),
          (error: unknown) => callback(error)
        );
      }) as never
    }
  });

  return {
    agent,
    async check(url) {
      if (!URL.canParse(url)) return 'is not a URL';
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must be an http(s) URL';
      if (u.username || u.password) return 'must not carry credentials';
      try {
        await checkedAddresses(hostOf(u));
        return null;
      } catch (error) {
        return error instanceof RefusedTarget ? error.message : `${hostOf(u)} does not resolve`;
      }
    }
  };
}

/** Before a request to an IP literal (which the agent's lookup never sees): refused unless allowed. */
export function literalRefused(url: URL, allowedHosts: readonly string[]): string | null {
  const host = hostOf(url);
  if (!isIP(host) || allowedHosts.some((h) => h.replace(/^\[|\]$/g, '').toLowerCase() === host)) return null;
  return isRefusedAddress(host) ? `${host} is in a private, loopback or link-local range` : null;
}
