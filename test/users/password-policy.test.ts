// R-PWD-1 as presets and hosts set it: seed 002's own and "Add User" passwords are 8–32 characters,
// a password its Compliance Officer sets on a user's behalf ("Change Password") at least 13; a
// host's policy replaces the preset's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolvePasswordPolicies } from '../../src/config/resolve.ts';
import { signIn } from '../support/agent.ts';
import { setup } from '../support/setup.ts';
import { builtin, PASSWORD, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const person = (key: string) => ({ username: key, email: `${key}@example.test`, firstName: 'Pat', lastName: key });
const EIGHT = 'Ab3$efgh';
const THIRTY_TWO = `Ab3$${'x'.repeat(28)}`;
const TWELVE = 'Ab3$efghijkl';
const THIRTEEN = 'Ab3$efghijklm';

test('R-PWD-1 (seed 002): "Add User" takes 8 to 32 characters, not 7 or 33', async () => {
  const co = await w.as('owner');
  const add = (key: string, password: string) => co.call('post', '/users', { ...person(key), password, organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.equal((await add('seven', EIGHT.slice(0, 7))).body.code, 'PASSWORD_POLICY');
  assert.equal((await add('thirtythree', `${THIRTY_TWO}y`)).body.code, 'PASSWORD_POLICY');
  assert.equal((await add('eight', EIGHT)).status, 201);
  assert.equal((await add('thirtytwo', THIRTY_TWO)).status, 201);
});

test('R-PWD-1 (seed 002): one\'s own new password may have 8 characters', async () => {
  const id = await w.member('ownpolicy', [{ organizationId: w.org.north, roleKey: 'standardUser' }]);
  const client = await signIn(w.t.app, 'ownpolicy', PASSWORD);
  const changed = await client.call('post', '/me/password', { currentPassword: PASSWORD, newPassword: EIGHT });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.ok((await w.t.prisma.user.findUniqueOrThrow({ where: { id } })).passwordChangedAt);
});

test('R-PWD-1, R-PWD-3 (seed 002): "Change Password" on a user\'s behalf needs at least 13 characters', async () => {
  const co = await w.as('owner');
  const target = await w.member('onbehalf', [{ organizationId: w.org.north, roleKey: 'standardUser' }]);
  const short = await co.call('put', `/users/${target}/password`, { password: TWELVE });
  assert.equal(short.status, 400);
  assert.equal(short.body.code, 'PASSWORD_POLICY');
  assert.match(short.body.detail, /at least 13 characters/);
  assert.equal((await co.call('put', `/users/${target}/password`, { password: EIGHT })).status, 400);
  assert.equal((await co.call('put', `/users/${target}/password`, { password: THIRTEEN })).status, 200);
});

test('R-PWD-1: a host\'s policy replaces the preset\'s, over Gatehouse\'s default', async () => {
  assert.deepEqual(resolvePasswordPolicies({ minLength: 8, maxLength: 32, onBehalf: { minLength: 13 } }, undefined).onBehalf.minLength, 13);
  const hostOnly = resolvePasswordPolicies({ minLength: 8, maxLength: 32, onBehalf: { minLength: 13 } }, { minLength: 20 });
  assert.equal(hostOnly.own.minLength, 20);
  assert.equal(hostOnly.own.maxLength, 128, 'the preset\'s maximum is not kept');
  assert.equal(hostOnly.onBehalf.minLength, 20, 'nor its on-behalf variant');
  assert.throws(() => resolvePasswordPolicies(undefined, { minLength: 200 }), /minLength 200 is above maxLength 128/);
  const t = await setup({ preset: 'seed002', passwordPolicy: { minLength: 20 } });
  try {
    assert.equal(t.gatehouse.context.config.passwordPolicy.minLength, 20);
    assert.equal(t.gatehouse.context.config.passwordPolicyOnBehalf.minLength, 20);
  } finally {
    await t.close();
  }
});

test('R-PWD-1: without a preset or host policy, the default is 12 to 128 characters for everyone', async () => {
  const { own, onBehalf } = resolvePasswordPolicies(undefined, undefined);
  assert.deepEqual([own.minLength, own.maxLength, onBehalf.minLength, onBehalf.maxLength], [12, 128, 12, 128]);
});
