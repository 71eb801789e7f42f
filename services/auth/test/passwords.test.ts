import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPassword, passwordPolicyErrors, verifyPassword } from '../src/domain/passwords.ts';
import { newOpaqueToken, tokenHash } from '../src/domain/secrets.ts';

describe('passwords', () => {
  test('are hashed with argon2id and OWASP parameters (19 MiB, 2 passes, 1 lane), salted', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword(a, 'correct horse battery'), true);
    assert.equal(await verifyPassword(a, 'correct horse batterY'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });

  test('hashing runs off the event loop: timers keep firing while several hashes run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await Promise.all(Array.from({ length: 4 }, (_, i) => hashPassword(`password number ${i}`)));
    clearInterval(timer);
    assert.ok(ticks >= 2, `the event loop ticked ${ticks} times during hashing`);
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
