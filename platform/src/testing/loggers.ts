import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../observability/logger.ts';

/** A logger for tests: silent unless TEST_LOG_LEVEL is set. */
export function quietLogger(): Logger {
  return createLogger({
    level: (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent',
    destination: process.stderr
  });
}

/** A logger whose lines a test can read back. */
export function capturingLogger(level: 'info' | 'debug' = 'info'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    }
  });
  return {
    logger: createLogger({ level, destination }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
  };
}
