// R-IMP-2's one question, asked by the pipeline for every operation: which check an impersonated
// call may not pass. Pure: the checks are built here as operations build them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Check } from '../../src/authz/authorize.ts';
import type { Principal } from '../../src/authz/principal.ts';
import { refusedWhileImpersonating } from '../../src/impersonation/refusals.ts';

const actor = { userId: 'u-jane', organizations: new Map() };
const jane: Principal = { userId: 'u-jane', actor, via: 'session', ip: '127.0.0.1' };
const asJane: Principal = { ...jane, impersonator: { userId: 'u-sue', name: 'Sue Support', email: 'sue@example.test', endsAt: 0 } };

const onUser = (action: string, extra: { touchesIdentity?: boolean } = {}): Check => ({
  action,
  target: { kind: 'user', userId: 'u-jane', organizationIds: ['acme'], isOwner: false, ...extra },
  subject: { targetType: 'user', targetId: 'u-jane' },
});

test('R-IMP-2: credential actions, API keys, ownership and an e-mail change are refused while impersonating', () => {
  for (const action of ['user.setPassword', 'user.resetPassword', 'user.setMfa', 'user.manageSessions', 'user.manageApiKeys', 'user.impersonate', 'apikey.create', 'org.transferOwnership']) {
    assert.equal(refusedWhileImpersonating(asJane, 'some.operation', [onUser(action)])?.action, action, action);
  }
  assert.ok(refusedWhileImpersonating(asJane, 'user.edit', [onUser('user.edit', { touchesIdentity: true })]), 'an e-mail change');
  assert.ok(refusedWhileImpersonating(asJane, 'apikey.revoke', [onUser('user.view')]), 'revoking a key');
  assert.ok(refusedWhileImpersonating(asJane, 'account.securityQuestion', [onUser('user.edit')]), 'the security question');
  assert.ok(refusedWhileImpersonating(asJane, 'account.removePasskey', [onUser('user.setMfa')]), 'a passkey');
});

test('R-IMP-2: everything else goes on, and nothing is refused when nobody is impersonating', () => {
  assert.equal(refusedWhileImpersonating(asJane, 'user.edit', [onUser('user.edit')]), null, 'a profile edit without the e-mail');
  assert.equal(refusedWhileImpersonating(asJane, 'user.lock', [onUser('user.lock')]), null);
  assert.equal(refusedWhileImpersonating(asJane, 'account.stopImpersonation', [onUser('user.view')]), null, 'stopping');
  assert.equal(refusedWhileImpersonating(jane, 'account.changePassword', [onUser('user.setPassword')]), null);
});
