// `node --test --test-global-setup=platform/src/testing/global-setup.ts`: without POSTGRES_HOST, starts the ONE
// embedded PostgreSQL server of the run before any test file, and hands its address to every test file's process
// (they inherit the runner's environment). Each suite makes its own databases on it (testConfig, databaseBackends).
import { startKeptServer, stopKeptServer, TEST_POSTGRES_ENV, type KeptServer } from './embedded-server.ts';

let kept: KeptServer | undefined;

export function globalSetup(): void {
  if (process.env.POSTGRES_HOST || process.env[TEST_POSTGRES_ENV]) return;
  const began = Date.now();
  // The keeper watches this runner, so the server goes away however the run ends (a killed runner, or one that ends
  // before an async teardown would finish).
  kept = startKeptServer(process.pid);
  process.env[TEST_POSTGRES_ENV] = JSON.stringify(kept.address);
  process.stderr.write(
    `embedded PostgreSQL for this test run on 127.0.0.1:${kept.address.port} (${Date.now() - began} ms)\n`
  );
}

export function globalTeardown(): void {
  if (kept) stopKeptServer(kept);
}
