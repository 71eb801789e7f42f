// Rights follow the caller's current role and status, not the ones its token was issued with (SPEC §2): a
// demotion or a deactivation counts within seconds, however long the old token still runs, whether an admin
// asked for it through HTTP or an outside system through the command topics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChangeUserRoleCommand, DeactivateUserCommand } from '@style-flow/contracts';
import { eventually } from '@style-flow/platform/testing';
import { claimsOf } from '../../../test/support/accounts.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';
import { userServiceClient, type Member } from '../../../test/support/user-client.ts';

const SECONDS = 10_000;

for (const m of modes) {
  describe(`current role and status, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let admin: Member;
    const users = userServiceClient(() => stack);
    const listStatus = async (token: string) => (await users.list(token)).status;

    before(async () => {
      stack = await startStack(m.mode, ['auth', 'user']);
      admin = await users.member('self');
    });
    after(() => stack?.stop());

    test('a manager demoted by the admin is refused the staff list with its old manager token', async () => {
      const manager = await users.promote(admin, await users.member(admin), 'manager');
      assert.equal(claimsOf(manager.token).role, 'manager');
      assert.equal(await listStatus(manager.token), 200);

      assert.equal((await users.update(admin.token, manager.id, { role: 'user' })).status, 200);
      await eventually(async () => (await listStatus(manager.token)) === 403, SECONDS, 'the old token refused');
      assert.equal((await users.get(manager.token, manager.id)).status, 200, 'still the user it is');
    });

    test('a deactivated user’s old token is refused (401) on its own profile', async () => {
      const dave = await users.member(admin);
      assert.equal((await users.get(dave.token, dave.id)).status, 200);
      assert.equal((await users.deactivate(admin.token, dave.id)).status, 204);
      await eventually(async () => (await users.get(dave.token, dave.id)).status === 401, SECONDS, 'the token refused');
      const refused = await users.get(dave.token, dave.id);
      assert.match(refused.headers.get('www-authenticate') ?? '', /invalid_token/);
      assert.match(refused.headers.get('content-type')!, /problem\+json/);
    });

    test('a role given and taken by a command on user.role_changed counts for tokens already issued', async () => {
      const erin = await users.member(admin);
      assert.equal(await listStatus(erin.token), 403);
      await users.command(ChangeUserRoleCommand, erin.id, { user_id: erin.id, role: 'manager' });
      await eventually(async () => (await listStatus(erin.token)) === 200, 3 * SECONDS, 'the promotion to count');
      await users.command(ChangeUserRoleCommand, erin.id, { user_id: erin.id, role: 'user' });
      await eventually(async () => (await listStatus(erin.token)) === 403, 3 * SECONDS, 'the demotion to count');
      await users.command(DeactivateUserCommand, erin.id, { user_id: erin.id });
      await eventually(
        async () => (await users.get(erin.token, erin.id)).status === 401,
        3 * SECONDS,
        'the deactivation to count'
      );
    });
  });
}
