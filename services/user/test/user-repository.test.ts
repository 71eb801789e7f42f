// The profile insert that both an admin's POST /users and the auth.user.registered consumer make for the
// same account, racing each other in two transactions: the loser must find the profile, never fail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate, platformMigrations, readMigrations, type AppError } from '@style-flow/platform';
import { databaseBackends, type TestDatabase } from '@style-flow/platform/testing';
import { insertUserIfAbsent } from '../src/data/user-repository.ts';

for (const backend of databaseBackends()) {
  describe(`user profile inserts on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    before(async () => {
      db = await backend.open();
      // The service's migrations move data into the platform's tables, so those come first, as in the runtime.
      await migrate(db, [
        ...(await platformMigrations()),
        ...(await readMigrations(new URL('../migrations/', import.meta.url), 'user'))
      ]);
    });
    after(() => db.destroy());

    const profile = (id: number, name = `user${id}`) => ({
      id,
      username: name,
      email: `${name}@example.com`,
      first_name: 'Ann',
      last_name: null,
      role: 'user' as const,
      status: 'active' as const
    });

    test('two transactions insert the same profile at once, 300 times: one creates it, the other finds it in place', async () => {
      // Each pair races for real on PostgreSQL's pool. With a
      // conflict target of the id alone, some pair's loser tripped over the email index and failed, in every run.
      for (let id = 1; id <= 300; id++) {
        const results = await Promise.all(
          [0, 1].map(() => db.transaction((tx) => insertUserIfAbsent(tx, profile(id))))
        );
        assert.equal(
          results.filter((created) => created?.id === id).length,
          1,
          `profile ${id} is created exactly once`
        );
        assert.equal(results.filter((created) => created === null).length, 1);
      }
    });

    test('another account whose email or username a profile here holds already is a conflict, not a silent skip', async () => {
      assert.equal((await insertUserIfAbsent(db, profile(1000, 'taken')))?.id, 1000);
      await assert.rejects(
        insertUserIfAbsent(db, profile(1001, 'taken')),
        (error: AppError) => error.code === 'CONFLICT'
      );
      assert.equal(await insertUserIfAbsent(db, profile(1000, 'taken')), null);
    });
  });
}
