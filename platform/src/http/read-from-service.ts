import { AppError } from '../errors/app-error.ts';

export interface ReadFromServiceOptions<T> {
  /** Named in the 503, e.g. `client`. */
  service: string;
  /** Its instances, tried in turn. */
  urls: readonly string[];
  /** Path and query, e.g. `/clients/7`. */
  path: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** The answer an instance gave, or undefined when that answer does not count (try the next instance). */
  read(status: number, body: unknown): T | undefined;
}

/**
 * A GET to another service (SPEC §5: a reference the local copy has not caught up with is asked of its owner).
 * A read, so every instance is tried in turn, each within the timeout; when none gives an answer that counts, a 503
 * the caller can retry, never a 500.
 */
export async function readFromService<T>(options: ReadFromServiceOptions<T>): Promise<T> {
  let lastError: unknown = new Error(`no ${options.service} service configured`);
  for (const url of options.urls) {
    try {
      const response = await fetch(new URL(options.path, url), {
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(options.timeoutMs)
      });
      const body: unknown = await response.json().catch(() => null);
      const answer = options.read(response.status, body);
      if (answer !== undefined) return answer;
      lastError = new Error(`the ${options.service} service answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
  }
  throw new AppError('DEPENDENCY_UNAVAILABLE', `The ${options.service} service is unavailable; try again shortly.`, {
    cause: lastError
  });
}
