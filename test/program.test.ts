// The one program (DESIGN §1): starts its targets, answers on their ports, stops cleanly on SIGTERM,
// and keeps its embedded data across a restart. In CI it also runs on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { eventually, testConfig } from '@style-flow/platform/testing';
import { startProgram } from './support/program.ts';
import { freePort, modes } from './support/stack.ts';

for (const m of modes) {
  describe(`style-flow all, ${m.name}`, { skip: m.skip }, () => {
    test('starts, is ready, stops on SIGTERM within the bound, and keeps its data across a restart', async (t) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'style-flow-data-'));
      const setup = testConfig(m.mode);
      t.after(async () => {
        await rm(dataDir, { recursive: true, force: true });
        await setup.cleanup();
      });
      const port = await freePort();
      const env = {
        ...setup.env,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        USER_SERVICE_PORT: String(port),
        SHUTDOWN_TIMEOUT_MS: '5000',
        GATEWAY_PORT: String(await freePort()),
        AUTH_SERVICE_PORT: String(await freePort())
      };
      const base = `http://127.0.0.1:${port}`;

      const first = startProgram(env);
      t.after(() => first.child.kill('SIGKILL'));
      const ready = await eventually(
        async () => {
          const res = await fetch(`${base}/ready`).catch(() => null);
          return res?.status === 200 ? ((await res.json()) as { status: string }) : null;
        },
        60_000,
        `the user service to be ready; output so far:\n${first.output()}`
      );
      assert.equal(ready.status, 'ready');
      const health = await fetch(`${base}/health`, { headers: { 'x-request-id': 'program-test' } });
      assert.equal(health.headers.get('x-request-id'), 'program-test');
      assert.match(first.output(), /applied migrations/);

      const stopped = await first.stop();
      assert.equal(stopped.code, 0, first.output());
      assert.ok(stopped.ms < 15_000, `stopped in ${stopped.ms} ms`);
      assert.match(first.output(), /"msg":"stopped"/);

      const second = startProgram(env, ['user']);
      t.after(() => second.child.kill('SIGKILL'));
      await eventually(
        async () => (await fetch(`${base}/ready`).catch(() => null))?.status === 200,
        60_000,
        'the restart'
      );
      assert.doesNotMatch(second.output(), /applied migrations/, 'the second start finds its database as it left it');
      assert.equal((await second.stop()).code, 0);
    });
  });
}
