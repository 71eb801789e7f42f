// The upgrade that hands the user service's revocations and roles to the platform's tables (migration 003):
// a database as the previous version left it keeps refusing what it refused, and knows every current role.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate, platformMigrations, readMigrations, type Migration } from '@style-flow/platform';
import { databaseBackends, type TestDatabase } from '@style-flow/platform/testing';

for (const backend of databaseBackends()) {
  describe(`user migrations on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    let all: Migration[];
    before(async () => {
      db = await backend.open();
      all = [
        ...(await platformMigrations()),
        ...(await readMigrations(new URL('../migrations/', import.meta.url), 'user'))
      ];
    });
    after(() => db.destroy());

    test('003 moves live revoked sessions and every profile’s role and status into the platform tables', async () => {
      const previous = all.filter((m) => /\/00[12]-/.test(m.name));
      await migrate(db, previous);
      await db.exec(`
        insert into users (id, username, email, role, status) values
          (1, 'ann', 'ann@example.com', 'admin', 'active'),
          (2, 'bob', 'bob@example.com', 'manager', 'active'),
          (3, 'cid', 'cid@example.com', 'user', 'deactivated');
        insert into revoked_sessions (session_id, user_id, expires_at) values
          ('live', 2, now() + interval '1 hour'),
          ('expired', 2, now() - interval '1 hour'),
          ('both', 1, now() + interval '1 hour');
        insert into platform_revoked_sessions (session_id, user_id, expires_at) values
          ('both', 1, now() + interval '1 hour');
        insert into platform_deactivated_users (user_id) values (3), (4);
      `);

      assert.deepEqual(await migrate(db, all), [
        'platform/003-principals.sql',
        'platform/004-principals-notify.sql',
        'user/003-platform-revocations.sql'
      ]);

      const sessions = await db.query<{ session_id: string }>(
        'select session_id from platform_revoked_sessions order by session_id'
      );
      assert.deepEqual(
        sessions.rows.map((r) => r.session_id),
        ['both', 'live'],
        'the expired one is not carried over'
      );
      const users = await db.query<{ user_id: number; role: string | null; status: string }>(
        'select user_id, role, status from platform_users order by user_id'
      );
      assert.deepEqual(users.rows, [
        { user_id: 1, role: 'admin', status: 'active' },
        { user_id: 2, role: 'manager', status: 'active' },
        { user_id: 3, role: 'user', status: 'deactivated' },
        // Known deactivated before its profile arrived: still refused.
        { user_id: 4, role: null, status: 'deactivated' }
      ]);
      const left = await db.query("select 1 from information_schema.tables where table_name = 'revoked_sessions'");
      assert.equal(left.rowCount, 0, 'the service’s own table is gone');
    });
  });
}
