// E-mail uniqueness and partial search behave the same on SQLite and PostgreSQL (issue 9): both
// store lower-cased copies and compare lower-cased text, instead of relying on SQLite's ASCII-only
// NOCASE or PostgreSQL's citext. CI runs this file on both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const PASSWORD = 'Case-Insensitive-2026!';
let t: TestSetup;
let officer: ApiClient;
let organizationId: string;

before(async () => {
  t = await setup();
  organizationId = (await createOrganization(t.gatehouse.context, { name: 'Case Org' })).id;
  await createMember(t.gatehouse.context, { email: 'officer@case.test', username: 'officer', firstName: 'Olga', lastName: 'Officer', password: PASSWORD }, [
    { organizationId, roleKey: 'complianceOfficer', owner: true },
  ]);
  officer = await signIn(t.app, 'officer', PASSWORD);
  for (const [username, email, firstName, lastName] of [
    ['ana', 'Ana.Lopez@Example.TEST', 'Ana', 'López'],
    ['nuno', 'nuno@example.test', 'Nuño', 'Ñúñez'],
    ['percent', 'percent@example.test', 'Per', '100%_Sure'],
    ['plain', 'plain@example.test', 'Plain', 'Person'],
  ] as const) {
    const created = await officer.call('post', '/users', { username, email, firstName, lastName, password: PASSWORD, organizationId, roleId: 'builtin:standardUser' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
});
after(() => t.close());

const search = async (query: string) => {
  const response = await officer.call('get', `/users?${query}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return (response.body.items as { username: string }[]).map((user) => user.username).sort();
};

test('R-INV-2: e-mail addresses are unique whatever their case', async () => {
  const duplicate = await officer.call('post', '/users', {
    username: 'ana2',
    email: 'ANA.LOPEZ@example.test',
    firstName: 'Ana',
    lastName: 'Again',
    password: PASSWORD,
    organizationId,
    roleId: 'builtin:standardUser',
  });
  assert.equal(duplicate.status, 409);
  assert.equal(await t.prisma.user.count({ where: { email: 'ana.lopez@example.test' } }), 1);
});

test('R-AUTH-1: sign-in by e-mail ignores case', async () => {
  const client = await signIn(t.app, 'ANA.LOPEZ@EXAMPLE.test', PASSWORD);
  assert.ok(client.userId);
});

test('R-SEARCH-1: partial search ignores case, for ASCII and beyond', async () => {
  assert.deepEqual(await search('email=EXAMPLE.TEST'), ['ana', 'nuno', 'percent', 'plain']);
  assert.deepEqual(await search('lastName=LÓP'), ['ana']);
  assert.deepEqual(await search('lastName=%C3%B1%C3%BA'), ['nuno']); // "ñú" finds "Ñúñez"
  assert.deepEqual(await search('firstName=NU%C3%91'), ['nuno']); // "NUÑ" finds "Nuño"
});

test('R-SEARCH-1: LIKE wildcards in the filter are matched literally', async () => {
  assert.deepEqual(await search('lastName=%25_'), ['percent']); // "%_" only in "100%_Sure"
  assert.deepEqual(await search('lastName=_'), ['percent']);
});
