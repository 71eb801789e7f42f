import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFormatSetting, LogLevel } from '../config/platform-config.ts';

export type { Logger };

/** Paths whose values never reach a log line: credentials, tokens and secrets, wherever they appear. */
export const redactedPaths = [
  'password',
  '*.password',
  'new_password',
  '*.new_password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  'config.jwt.secret',
  'config.postgres.password',
  'config.admin.password',
  'config.tracing.headers'
];

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set; else readable lines for a person at a terminal, and JSON for whatever reads a pipe or file. */
export function chooseLogFormat(setting: LogFormatSetting, stdoutIsTerminal: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export interface LoggerOptions {
  level: LogLevel;
  /** json (the default) or pretty; see chooseLogFormat. */
  format?: LogFormat;
  /** Colours in pretty lines (a terminal). */
  colorize?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

/**
 * The process's logger. Redaction happens before a line is written, so it holds in both formats. Pretty lines are
 * formatted in this thread and written synchronously: a line logged just before process.exit is not lost, and the
 * cost is a terminal's, not production's (which gets JSON).
 */
export function createLogger(options: LoggerOptions): Logger {
  const redact = { paths: redactedPaths, censor: '[redacted]' };
  if (options.format === 'pretty') {
    // Loaded only for a person at a terminal: JSON logging (production) does not carry it.
    const { PinoPretty: prettyStream } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    const pretty = prettyStream({
      colorize: options.colorize ?? false,
      translateTime: 'SYS:HH:MM:ss.l',
      // One line per record (an error's stack still takes its lines), led by the service that wrote it.
      singleLine: true,
      messageFormat: '{if service}{service} {end}{msg}',
      ignore: 'pid,hostname,service',
      sync: true,
      ...(options.destination ? { destination: options.destination } : {})
    });
    return pino({ level: options.level, redact }, pretty);
  }
  return pino(
    {
      level: options.level,
      redact,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) }
    },
    options.destination ?? bufferedStdout()
  );
}

/** How long a line may wait in the buffer of a process that logs little. */
const LOG_FLUSH_MS = 200;

/**
 * Standard output written 4 KB at a time instead of one write per line: a line per request cost a system call per
 * request in every process (a page of the console passes through three), the largest single item in a profile of
 * the console under load. A process that logs little still shows each line within LOG_FLUSH_MS, and pino writes
 * what is left synchronously when the process exits, however it exits (a SIGKILL aside).
 */
function bufferedStdout() {
  const out = pino.destination({ sync: false, minLength: 4096 });
  let due: NodeJS.Timeout | null = null;
  return {
    write(line: string) {
      out.write(line);
      if (!due) {
        due = setTimeout(() => {
          due = null;
          out.flush();
        }, LOG_FLUSH_MS);
        due.unref();
      }
    },
    flush: (done?: (error?: Error) => void) => out.flush(done),
    flushSync: () => out.flushSync()
  };
}
