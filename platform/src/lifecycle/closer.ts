/**
 * What a start-up has opened so far (a database pool, an HTTP server, worker threads), so that a start-up failing
 * half-way closes it, the last opened first, instead of leaving it to keep the process alive (DESIGN rule 10).
 */
export interface Closer {
  /**
   * Remembers how to close one thing just opened. Returns that close made idempotent: the component that stops the
   * thing in normal operation calls the same function, so nothing is closed twice, whoever comes first.
   */
  add(name: string, close: () => Promise<void>): () => Promise<void>;
  /**
   * Closes everything remembered, the last opened first, each once; a failure to close one does not keep the
   * others open. Rejects afterwards, with an AggregateError naming each that failed.
   */
  close(): Promise<void>;
}

export function createCloser(): Closer {
  const entries: { name: string; close: () => Promise<void> }[] = [];
  return {
    add(name, close) {
      let closing: Promise<void> | undefined;
      const once = (): Promise<void> => (closing ??= close());
      entries.push({ name, close: once });
      return once;
    },
    async close() {
      const failures: Error[] = [];
      for (const entry of entries.splice(0).reverse()) {
        try {
          await entry.close();
        } catch (error) {
          failures.push(new Error(`closing ${entry.name} failed`, { cause: error }));
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, failures.map((f) => f.message).join('; '));
    }
  };
}
