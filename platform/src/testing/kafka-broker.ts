// A Kafka broker of a test's own (infra/kafka.sh on a free port and a temporary folder), for the fault tests
// that stop and start it while the system runs.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const kafkaScript = new URL('../../../infra/kafka.sh', import.meta.url).pathname;

export interface TestBroker {
  port: number;
  address: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the broker and removes its folder. */
  destroy(): Promise<void>;
}

export async function createTestBroker(basePort = 19092): Promise<TestBroker> {
  const port = basePort + Math.floor(Math.random() * 2000);
  const dir = await mkdtemp(join(tmpdir(), 'style-flow-kafka-'));
  const broker = async (action: 'start' | 'stop') => {
    await run('bash', [kafkaScript, action], {
      // A loaded CI machine may need more than the script's default 90 s for a broker to serve clients.
      env: { KAFKA_START_TIMEOUT: '240', ...process.env, KAFKA_PORT: String(port), KAFKA_DIR: dir },
      timeout: 120_000
    });
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    start: () => broker('start'),
    stop: () => broker('stop'),
    async destroy() {
      await broker('stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  };
}
