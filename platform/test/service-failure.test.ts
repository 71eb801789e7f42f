// A service that fails on its way up leaves nothing open (DESIGN rule 10): what its runtime had opened (the database's
// pool, the HTTP server, the parts the factory made) is closed, the last opened first, and the error that failed it
// is the one its caller sees. Otherwise the pool's connections stay, and keep the process alive.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import {
  createMemoryTransport,
  createServiceRuntime,
  defineService,
  runServices,
  type Component,
  type Database,
  type ServiceDeps,
  type ServiceHandle
} from '../src/index.ts';
import { eventually, quietLogger, testConfig } from '../src/testing/index.ts';

// No migrations of its own: the fixtures hold no NNN-*.sql file.
const migrations = new URL('./fixtures/', import.meta.url);

describe('a service that fails to come up', () => {
  const setup = testConfig('embedded');
  const logger = quietLogger();
  const transport = createMemoryTransport(logger);
  const server = setup.config.postgres!;
  const { host, port, user, password } = server;
  const admin = new pg.Client({ host, port, user, password, database: 'postgres' });
  const connected = admin.connect();
  after(async () => {
    await admin.end();
    await transport.close();
    await setup.cleanup();
  });

  const deps = (): ServiceDeps => ({ config: setup.config, settings: {}, transport, logger, version: 'test' });
  const databaseOf = (name: string) => `${name}_service${server.databaseSuffix ?? ''}`;
  async function connectionsTo(name: string): Promise<number> {
    await connected;
    const { rows } = await admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1',
      [databaseOf(name)]
    );
    return rows[0]!.n;
  }
  const noConnectionsTo = (name: string) =>
    eventually(async () => (await connectionsTo(name)) === 0, 10_000, `no connection to ${databaseOf(name)}`);

  /** A part that notes when it starts and stops; `failing` makes its start throw. */
  function part(name: string, log: string[], failing = false): Component {
    return {
      name,
      async start() {
        if (failing) throw new Error(`${name} could not start`);
        log.push(`${name} started`);
      },
      async stop() {
        log.push(`${name} stopped`);
      }
    };
  }

  test('its factory throwing after the runtime opened the database: the pool is closed and the error rethrown', async () => {
    let db: Database | undefined;
    const definition = defineService({
      name: 'factoryfails',
      port: { key: 'FACTORYFAILS_PORT', default: 0 },
      urls: { key: 'FACTORYFAILS_URLS' },
      routes: [],
      async create(d) {
        const runtime = await createServiceRuntime(d, 'factoryfails', migrations);
        db = runtime.ctx.db;
        // The migrations left connections idle in the pool: these are what must not stay behind.
        assert.ok((await connectionsTo('factoryfails')) > 0, 'the pool holds connections before the failure');
        throw new Error('the configured admin could not be created');
      }
    });
    await assert.rejects(definition.create!(deps()), /^Error: the configured admin could not be created$/);
    await noConnectionsTo('factoryfails');
    await assert.rejects(db!.query('select 1'), 'the pool is ended, not merely idle');
  });

  test('what the factory made is closed too, the last made first, then the HTTP server and the database', async () => {
    const log: string[] = [];
    let closedHttp = false;
    const definition = defineService({
      name: 'partsfail',
      port: { key: 'PARTSFAIL_PORT', default: 0 },
      urls: { key: 'PARTSFAIL_URLS' },
      routes: [],
      async create(d) {
        const runtime = await createServiceRuntime(d, 'partsfail', migrations);
        runtime.app.addHook('onClose', async () => {
          log.push(`http closed; the database was ${(await connectionsTo('partsfail')) > 0 ? 'open' : 'closed'}`);
          closedHttp = true;
        });
        runtime.part(part('first', log));
        runtime.part(part('second', log));
        throw new Error('a route did not register');
      }
    });
    await assert.rejects(definition.create!(deps()), /a route did not register/);
    assert.equal(closedHttp, true);
    assert.deepEqual(log, ['second stopped', 'first stopped', 'http closed; the database was open']);
    await noConnectionsTo('partsfail');
  });

  test('a start that fails in runServices stops what started and closes what every service opened', async () => {
    const log: string[] = [];
    const make = (name: string, failing: boolean) =>
      defineService({
        name,
        port: { key: `${name.toUpperCase()}_PORT`, default: 0 },
        urls: { key: `${name.toUpperCase()}_URLS` },
        routes: [],
        async create(d): Promise<ServiceHandle> {
          const runtime = await createServiceRuntime(d, name, migrations);
          runtime.part(part(`${name}-part`, log, failing));
          return runtime.handle([]);
        }
      }).create!(deps());
    const handles = [await make('startsfine', false), await make('startfails', true)];
    await assert.rejects(runServices(handles, transport, logger, 5_000), /startfails-part could not start/);
    // The part that did start is stopped, the one that did not is still closed: it was made, it may hold threads.
    assert.deepEqual([...log].sort(), [
      'startfails-part stopped',
      'startsfine-part started',
      'startsfine-part stopped'
    ]);
    await noConnectionsTo('startsfine');
    await noConnectionsTo('startfails');
  });
});
