// The database adapter's cases on the run's server: the embedded PostgreSQL, or the configured one (always in CI).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate, platformMigrations, PgErrorCodes, pgErrorCode, prepared, type Migration } from '../src/index.ts';
import { databaseBackends, type TestDatabase } from '../src/testing/index.ts';

for (const backend of databaseBackends()) {
  describe(`database on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    before(async () => {
      db = await backend.open();
      await migrate(db, await platformMigrations());
      await db.exec(`
        create table things (id bigserial primary key, name text not null unique, price numeric(12,2), at timestamptz not null default now(), doc jsonb);
        create table slots (room int not null, during tstzrange not null, exclude using gist (room with =, during with &&));`);
    });
    after(() => db.destroy());

    test('returns the same JavaScript types: int8 as number, numeric as string, timestamptz as Date, jsonb parsed', async () => {
      const { rows } = await db.query<{ id: number; price: string; at: Date; doc: unknown }>(
        "insert into things (name, price, doc) values ('a', 49.90, '{\"k\":[1,2]}') returning id, price, at, doc"
      );
      assert.equal(typeof rows[0]!.id, 'number');
      assert.equal(rows[0]!.price, '49.90');
      assert.ok(rows[0]!.at instanceof Date);
      assert.deepEqual(rows[0]!.doc, { k: [1, 2] });
    });

    test('rowCount counts rows touched by an UPDATE and rows returned by a SELECT', async () => {
      await db.query("insert into things (name) values ('b'), ('c')");
      const updated = await db.query("update things set price = 1 where name in ('b', 'c')");
      assert.equal(updated.rowCount, 2);
      const selected = await db.query("select * from things where name in ('b', 'c')");
      assert.equal(selected.rowCount, 2);
    });

    test('a transaction commits when its function resolves and leaves nothing when it throws', async () => {
      await db.transaction(async (tx) => {
        await tx.query("insert into things (name) values ('committed')");
      });
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("insert into things (name) values ('rolled-back')");
          throw new Error('boom');
        }),
        /boom/
      );
      const { rows } = await db.query<{ name: string }>(
        "select name from things where name in ('committed', 'rolled-back')"
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        ['committed']
      );
    });

    test('a transaction refuses a query sent while another of its queries runs, and rolls back', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("insert into things (name) values ('overlapping')");
          await Promise.all([tx.query('select pg_sleep(0.05)'), tx.query('select 1')]);
        }),
        /while another was running/
      );
      const { rowCount } = await db.query("select 1 from things where name = 'overlapping'");
      assert.equal(rowCount, 0, 'nothing of the transaction is left');
      // One after another is fine, and so are queries in parallel on the pool.
      await db.transaction(async (tx) => {
        await tx.query('select 1');
        await tx.query('select 2');
      });
      await Promise.all([db.query('select pg_sleep(0.02)'), db.query('select 1')]);
    });

    test('a prepared statement answers as its text does, on every connection of the pool and in a transaction', async () => {
      const byName = prepared('select id, name, price, at from things where name = $1');
      assert.equal(byName.name, prepared('select id, name, price, at from things where name = $1').name);
      assert.notEqual(byName.name, prepared('select id from things where name = $1').name);
      await db.query("insert into things (name, price) values ('prepared', 12.50)");
      const plain = await db.query('select id, name, price, at from things where name = $1', ['prepared']);
      // More at once than one connection serves: each connection of the pool prepares it for itself.
      const results = await Promise.all(Array.from({ length: 24 }, () => db.query(byName, ['prepared'])));
      for (const result of results) assert.deepEqual(result, plain);
      assert.equal((await db.query(byName, ['none'])).rowCount, 0);
      const inTransaction = await db.transaction((tx) => tx.query(byName, ['prepared']));
      assert.deepEqual(inTransaction, plain);
      await assert.rejects(
        db.query(prepared('select id from things where id = $1'), ['not a number']),
        (e) => pgErrorCode(e) === PgErrorCodes.invalidTextRepresentation
      );
    });

    test('constraint violations surface with their PostgreSQL codes', async () => {
      await assert.rejects(
        db.query("insert into things (name) values ('a')"),
        (e) => pgErrorCode(e) === PgErrorCodes.uniqueViolation
      );
      await db.query("insert into slots values (1, '[2030-01-01 10:00Z, 2030-01-01 12:00Z)')");
      await assert.rejects(
        db.query("insert into slots values (1, '[2030-01-01 11:00Z, 2030-01-01 13:00Z)')"),
        (e) => pgErrorCode(e) === PgErrorCodes.exclusionViolation
      );
      await db.query("insert into slots values (2, '[2030-01-01 11:00Z, 2030-01-01 13:00Z)')");
    });

    test('NOTIFY reaches a listening session on commit, and never for a rolled-back transaction', async () => {
      const session = await db.session();
      let notified = 0;
      await session.listen('test_channel', () => notified++);
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("select pg_notify('test_channel', '')");
          throw new Error('rollback');
        })
      );
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(notified, 0);
      await db.transaction(async (tx) => {
        await tx.query("select pg_notify('test_channel', '')");
      });
      for (let i = 0; i < 100 && notified === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(notified, 1);
      await session.release();
    });

    test('migrations apply once, in order, even when two instances start at the same moment', async () => {
      const migrations: Migration[] = [
        { name: 'x/001-a.sql', sql: 'create table mig_a (id int primary key); insert into mig_a values (1);' },
        { name: 'x/002-b.sql', sql: 'create table mig_b (id int references mig_a (id));' }
      ];
      const results = await Promise.all([migrate(db, migrations), migrate(db, migrations)]);
      assert.deepEqual(results.flat().sort(), ['x/001-a.sql', 'x/002-b.sql']);
      assert.deepEqual(await migrate(db, migrations), []);
      const { rows } = await db.query('select count(*)::int as n from mig_a');
      assert.equal(rows[0]!.n, 1);
    });

    test('a failing migration leaves nothing behind, and a changed applied migration is refused', async () => {
      await assert.rejects(
        migrate(db, [
          { name: 'y/001-ok.sql', sql: 'create table mig_ok (id int);' },
          { name: 'y/002-bad.sql', sql: 'create table mig_bad (id int); select no_such_function();' }
        ])
      );
      const { rows } = await db.query(
        "select count(*)::int as n from pg_tables where tablename in ('mig_ok', 'mig_bad')"
      );
      assert.equal(rows[0]!.n, 0);
      await migrate(db, [{ name: 'z/001.sql', sql: 'create table mig_z (id int);' }]);
      await assert.rejects(
        migrate(db, [{ name: 'z/001.sql', sql: 'create table mig_z (id bigint);' }]),
        /was changed after it was applied/
      );
    });

    test('concurrent conditional updates never pass the limit (the rule lives in the database)', async () => {
      await db.exec(
        'create table seats (id int primary key, capacity int not null, taken int not null default 0 check (taken <= capacity)); insert into seats values (1, 10, 0);'
      );
      const attempts = await Promise.all(
        Array.from({ length: 100 }, () =>
          db.transaction(
            async (tx) =>
              (await tx.query('update seats set taken = taken + 1 where id = 1 and taken < capacity')).rowCount
          )
        )
      );
      assert.equal(attempts.filter((n) => n === 1).length, 10);
      const { rows } = await db.query('select taken from seats where id = 1');
      assert.equal(rows[0]!.taken, 10);
    });
  });
}
