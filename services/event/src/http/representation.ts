import type { FastifyRequest } from 'fastify';

/** The q-value an Accept header gives a media type: its most specific range wins (the type, its family, anything). */
function weightOf(ranges: ReadonlyMap<string, number>, type: string): number {
  return ranges.get(type) ?? ranges.get(`${type.split('/')[0]}/*`) ?? ranges.get('*/*') ?? 0;
}

/**
 * Which of the representations a route offers the client prefers, by its Accept header's q-values; the first offered
 * (JSON) when there is no Accept header, when it accepts anything, or on a tie.
 */
export function preferredType<T extends string>(request: FastifyRequest, offered: readonly [T, ...T[]]): T {
  const accept = request.headers.accept;
  if (!accept) return offered[0];
  const ranges = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    ranges.set(range.trim(), q === undefined ? 1 : Number(q));
  }
  let best = offered[0];
  for (const type of offered) if (weightOf(ranges, type) > weightOf(ranges, best)) best = type;
  return best;
}
