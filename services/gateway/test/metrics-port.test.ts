// Prometheus keeps scraping the gateway (SPEC §3.7): its public /metrics answers staff tokens only, and the
// program's METRICS_PORT listener, kept off the public network, serves the same metrics without a token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, testConfig } from '@style-flow/platform/testing';
import { startProgram } from '../../../test/support/program.ts';
import { freePort } from '../../../test/support/stack.ts';

describe('the gateway program with METRICS_PORT', () => {
  test('Prometheus scrapes the listener without a token; the public port asks for one', async (t) => {
    const setup = testConfig('embedded');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const program = startProgram({ ...setup.env, GATEWAY_PORT: String(port), METRICS_PORT: String(metricsPort) }, [
      'gateway'
    ]);
    t.after(() => program.child.kill('SIGKILL'));
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      async () => (await fetch(`${base}/health`).catch(() => null))?.status === 200,
      60_000,
      `the gateway to start; output so far:\n${program.output()}`
    );
    assert.equal((await fetch(`${base}/nowhere`)).status, 404);

    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(scraped.status, 200);
    const text = await scraped.text();
    const unmatched = text
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="unmatched"'));
    assert.equal(unmatched.length, 1, text);
    assert.match(text, /# TYPE gateway_events_total counter/);
    assert.equal((await program.stop()).code, 0, program.output());
  });
});
