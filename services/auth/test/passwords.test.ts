import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createPasswordHasher } from '../src/domain/password-hasher.ts';
import { passwordPolicyErrors } from '../src/domain/passwords.ts';
import { newOpaqueToken, tokenHash } from '../src/domain/secrets.ts';

describe('passwords', () => {
  const hasher = createPasswordHasher();
  after(() => hasher.stop());

  test('are hashed with argon2id and OWASP parameters (19 MiB, 2 passes, 1 lane), salted', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
    assert.equal(await hasher.verify(a, 'correct horse battery'), true);
    assert.equal(await hasher.verify(a, 'correct horse batterY'), false);
    assert.equal(await hasher.verify('not a hash', 'x'), false);
  });

  test('hashing runs off the event loop: timers keep firing while several hashes run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await Promise.all(Array.from({ length: 4 }, (_, i) => hasher.hash(`password number ${i}`)));
    clearInterval(timer);
    assert.ok(ticks >= 2, `the event loop ticked ${ticks} times during hashing`);
  });

  test('stopping the hasher lets the hashes under way finish, ends its threads and refuses more work', async () => {
    const own = createPasswordHasher();
    assert.ok(own.threads >= 1, 'the pool has its threads from the start');
    const underway = own.hash('a password under way');
    await own.stop();
    assert.match(await underway, /^\$argon2id\$/);
    assert.equal(own.threads, 0);
    await assert.rejects(own.hash('too late'));
  });

  test('the policy: at least 8 characters (counted as characters, not bytes), and not the email', () => {
    assert.deepEqual(
      passwordPolicyErrors('1234567', 'a@b.c').map((e) => e.message),
      ['must be at least 8 characters']
    );
    assert.deepEqual(passwordPolicyErrors('ПАРОЛЬ12', 'a@b.c'), []);
    assert.deepEqual(
      passwordPolicyErrors(' Ann@Example.com ', 'ann@example.com').map((e) => e.message),
      ['must not be the email address']
    );
  });

  test('opaque tokens carry 256 random bits and are stored only as their SHA-256', () => {
    const t = newOpaqueToken();
    assert.equal(Buffer.from(t, 'base64url').length, 32);
    assert.notEqual(newOpaqueToken(), t);
    assert.match(tokenHash(t), /^[0-9a-f]{64}$/);
    assert.equal(tokenHash(t), tokenHash(t));
  });
});
