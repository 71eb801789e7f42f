// Small helpers for the benchmarks: percentiles and a fixed-width table.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length
  };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toFixed(2) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  return cells.map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')).join('\n');
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The round with the median of `by`: one round's figures kept together. */
export function medianBy<T>(values: readonly T[], by: (v: T) => number): T {
  return [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
}

/**
 * How long each load of the process benchmarks lasts and how many rounds they alternate over: `fallback`, unless
 * BENCH_SECONDS or BENCH_ROUNDS say otherwise (a quick try: BENCH_SECONDS=2 BENCH_ROUNDS=1).
 */
export const timing = {
  seconds: (fallback: number): number => Number(process.env.BENCH_SECONDS ?? fallback),
  rounds: (fallback: number): number => Math.max(1, Number(process.env.BENCH_ROUNDS ?? fallback))
};

/** `≥ 0.8 met`: a target, and whether `ratio` meets it. */
export function against(ratio: number, target: number, at: 'least' | 'most' = 'least'): string {
  const met = at === 'least' ? ratio >= target : ratio <= target;
  return `${at === 'least' ? '≥' : '≤'} ${target} ${met ? 'met' : 'NOT met'}`;
}
