// The embedded PostgreSQL server: a real server in a temporary folder, its data kept across restarts, one program
// per folder, and a start that cleans up after a crash without a hand.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded/embedded-postgres.ts';
import { createLogger } from '../src/observability/logger.ts';

const bounded = { timeout: 90_000 };
const holderScript = join(import.meta.dirname, 'fixtures', 'embedded-postgres-holder.ts');

/** A logger whose messages the test reads back. */
function recordingLogger() {
  const messages: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) messages.push(JSON.parse(line).msg);
      done();
    }
  });
  return { logger: createLogger({ level: 'info', destination }), messages };
}

function connect(server: Pick<EmbeddedPostgres, 'port' | 'password'>, database = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: server.port,
    user: 'postgres',
    password: server.password,
    database
  });
  return client.connect().then(() => client);
}

/** Whether a process runs; a zombie (dead, not yet reaped by its parent) does not. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

// The tests share one data folder, initialised by the first: initdb is the slow part (about a second, far more on a
// loaded machine), and every later case is about starting a cluster that exists.
describe('embedded PostgreSQL', () => {
  let root: string;
  let dir: string;
  const servers: EmbeddedPostgres[] = [];
  const children: ChildProcess[] = [];

  async function start(dataDir: string, logger = recordingLogger().logger): Promise<EmbeddedPostgres> {
    const server = await startEmbeddedPostgres({ dataDir, logger });
    servers.push(server);
    return server;
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'style-flow-embedded-pg-'));
    // Under root the server runs as the user postgres, which must be able to enter the folder (mkdtemp makes it 0700).
    await chmod(root, 0o755);
    dir = join(root, 'data');
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.allSettled(servers.map((server) => server.stop()));
    if (root) await rm(root, { recursive: true, force: true });
  });

  test(
    'initialises a fresh folder; the postgres user creates a database over TCP; connections run at once',
    bounded,
    async () => {
      const { logger, messages } = recordingLogger();
      const server = await start(dir, logger);
      assert.match(messages.join('\n'), /embedded PostgreSQL initialised and started on 127\.0\.0\.1:\d+/);
      assert.equal(server.host, '127.0.0.1');
      assert.equal((await stat(join(dir, 'postgres.password'))).mode & 0o777, 0o600);

      const admin = await connect(server);
      await admin.query('create database shop');
      const { rows } = await admin.query(
        "select current_setting('listen_addresses') as listen, inet_server_addr() as addr"
      );
      assert.deepEqual(rows[0], { listen: '127.0.0.1', addr: '127.0.0.1' });
      await admin.end();

      const pool = new pg.Pool({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        database: 'shop',
        max: 8
      });
      try {
        await pool.query('create extension btree_gist');
        await pool.query(
          'create table orders (id int primary key, room int, during tstzrange, exclude using gist (room with =, during with &&))'
        );
        // Eight sessions sleeping half a second each finish in about half a second only if they run at once.
        const began = Date.now();
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            pool.query('insert into orders (id) select $1::int from pg_sleep(0.5)', [i])
          )
        );
        assert.ok(Date.now() - began < 2000, `8 × 0.5 s took ${Date.now() - began} ms`);
        assert.equal((await pool.query('select count(*)::int as n from orders')).rows[0].n, 8);
      } finally {
        await pool.end();
      }
      await server.stop();
      assert.equal(existsSync(join(dir, 'postgres', 'postmaster.pid')), false);
      assert.equal(existsSync(join(dir, 'postgres.lock')), false);
    }
  );

  test('keeps the data and the password across a stop and a start', bounded, async () => {
    const password = readFileSync(join(dir, 'postgres.password'), 'utf8').trim();
    const { logger, messages } = recordingLogger();
    const server = await start(dir, logger);
    assert.equal(server.password, password);
    assert.match(messages.join('\n'), /embedded PostgreSQL started on/);
    const client = await connect(server, 'shop');
    assert.equal((await client.query('select count(*)::int as n from orders')).rows[0].n, 8);
    await client.end();
    await server.stop();
  });

  test('refuses a second start on a folder in use, and starts once the first has stopped', bounded, async () => {
    const first = await start(dir);
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: dir, logger: recordingLogger().logger }),
      new RegExp(`^Error: DATA_DIR ${dir} is in use by another style-flow process \\(pid ${process.pid}\\)$`)
    );
    const client = await connect(first);
    assert.equal((await client.query('select 1 as one')).rows[0].one, 1);
    await client.end();
    await first.stop();
    const second = await start(dir);
    await second.stop();
  });

  test(
    'starts over a stale postmaster.pid, whether its pid is dead or reused by another process',
    bounded,
    async () => {
      await (await start(dir)).stop();
      const dead = spawn(process.execPath, ['-e', '']);
      await once(dead, 'exit');
      for (const pid of [dead.pid!, process.pid]) {
        await writeFile(
          join(dir, 'postgres', 'postmaster.pid'),
          `${pid}\n${join(dir, 'postgres')}\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready\n`
        );
        const { logger, messages } = recordingLogger();
        const server = await start(dir, logger);
        assert.match(messages.join('\n'), new RegExp(`removed a stale postmaster.pid \\(pid ${pid} `));
        const client = await connect(server);
        await client.query('select 1');
        await client.end();
        await server.stop();
      }
    }
  );

  test(
    'a server left running by a killed program: another program is refused; the next start stops it and keeps the data',
    bounded,
    async () => {
      const holder = spawn(process.execPath, [holderScript, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(holder);
      const [line] = (await Promise.race([
        once(holder.stdout!, 'data'),
        once(holder, 'exit').then(([code]) => assert.fail(`the holder exited (${code}) before its server started`))
      ])) as [Buffer];
      const orphan = JSON.parse(String(line)) as { port: number; password: string; pid: number };

      const client = await connect(orphan);
      await client.query('create table notes (text text)');
      await client.query("insert into notes values ('written before the crash')");
      await client.end();
      await assert.rejects(
        startEmbeddedPostgres({ dataDir: dir, logger: recordingLogger().logger }),
        new RegExp(`in use by another style-flow process \\(pid ${holder.pid}\\)`)
      );

      holder.kill('SIGKILL');
      await once(holder, 'exit');
      assert.ok(running(orphan.pid), 'the server outlives its program');

      const { logger, messages } = recordingLogger();
      const server = await start(dir, logger);
      assert.match(
        messages.join('\n'),
        new RegExp(`stopped the server \\(pid ${orphan.pid}\\) left running by an earlier style-flow process`)
      );
      assert.equal(running(orphan.pid), false);
      const after = await connect(server);
      assert.deepEqual((await after.query('select text from notes')).rows, [{ text: 'written before the crash' }]);
      await after.end();
      await server.stop();
    }
  );

  test(
    'under root, names a data folder the server user cannot enter',
    { ...bounded, skip: process.getuid?.() !== 0 && 'not root' },
    async () => {
      const closed = join(root, 'closed');
      await mkdir(closed, { mode: 0o700 });
      await assert.rejects(
        startEmbeddedPostgres({ dataDir: join(closed, 'data'), logger: recordingLogger().logger }),
        new RegExp(`the user "postgres", which cannot enter ${closed} \\(mode 700\\)`)
      );
    }
  );
});
