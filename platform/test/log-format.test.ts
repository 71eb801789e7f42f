// Logs a person reads at a terminal, JSON for whatever reads a pipe (LOG_FORMAT forces either), secrets redacted
// in both.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { chooseLogFormat, createLogger, loadConfig, type LogFormat } from '../src/index.ts';

function logOnce(format: LogFormat): string {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    }
  });
  const logger = createLogger({ level: 'info', format, destination });
  logger.info({ password: 'hunter2-secret', nested: { token: 'tok-secret' }, route: '/events/:id' }, 'request');
  logger.flush();
  return chunks.join('');
}

describe('log format', () => {
  test('auto is pretty at a terminal and JSON elsewhere; LOG_FORMAT forces either', () => {
    assert.equal(chooseLogFormat('auto', true), 'pretty');
    assert.equal(chooseLogFormat('auto', false), 'json');
    assert.equal(chooseLogFormat('json', true), 'json');
    assert.equal(chooseLogFormat('pretty', false), 'pretty');
  });

  test('LOG_FORMAT is a shared key: auto by default, json or pretty in any case, anything else refused', () => {
    assert.equal(loadConfig({}, []).config.logFormat, 'auto');
    assert.equal(loadConfig({ LOG_FORMAT: 'Pretty' }, []).config.logFormat, 'pretty');
    assert.throws(() => loadConfig({ LOG_FORMAT: 'xml' }, []), /LOG_FORMAT="xml" is not one of auto, json, pretty/);
  });

  test('pretty lines are not JSON, carry the level, message and fields, and keep secrets out', () => {
    const out = logOnce('pretty');
    const line = out.split('\n')[0]!;
    assert.throws(() => JSON.parse(line));
    assert.match(line, /INFO/);
    assert.match(line, /request/);
    assert.match(out, /\/events\/:id/);
    assert.doesNotMatch(out, /hunter2-secret|tok-secret/);
    assert.match(out, /\[redacted\]/);
  });

  test('JSON lines are one object each, with the level by name, and keep secrets out', () => {
    const line = JSON.parse(logOnce('json').trim()) as Record<string, unknown>;
    assert.equal(line.level, 'info');
    assert.equal(line.msg, 'request');
    assert.equal(line.password, '[redacted]');
    assert.deepEqual(line.nested, { token: '[redacted]' });
  });
});
