// The database enforces the rules that concurrent requests could otherwise break.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
before(async () => {
  db = await testDatabase();
});
after(() => db.close());

async function fixtures() {
  const { prisma } = db;
  const org = await prisma.organization.create({ data: { name: `Org ${Math.random()}` } });
  const role = await prisma.role.create({ data: { key: `r${Math.random()}`, name: 'Compliance Officer', organizationId: org.id, uniquePerOrganization: true } });
  const user = (n: string) =>
    prisma.user.create({ data: { email: `${n}-${Math.random()}@example.test`, username: `${n}-${Math.random()}`, firstName: n, lastName: '-' } });
  return { org, role, a: await user('a'), b: await user('b') };
}

test('R-UNIQ-1: a second holder of a unique role in one organisation is refused by the database', async () => {
  const { org, role, a, b } = await fixtures();
  await db.prisma.membership.create({ data: { userId: a.id, organizationId: org.id, roleId: role.id, uniqueRoleId: role.id } });
  await assert.rejects(
    db.prisma.membership.create({ data: { userId: b.id, organizationId: org.id, roleId: role.id, uniqueRoleId: role.id } }),
    (error: { code?: string }) => error.code === 'P2002',
  );
});

test('R-OWNER-2: an organisation has at most one owner, enforced by the database', async () => {
  const { org, role, a, b } = await fixtures();
  await db.prisma.membership.create({ data: { userId: a.id, organizationId: org.id, roleId: role.id, isOwner: true } });
  await assert.rejects(
    db.prisma.membership.create({ data: { userId: b.id, organizationId: org.id, roleId: role.id, isOwner: true } }),
    (error: { code?: string }) => error.code === 'P2002',
  );
  // Non-owners leave the column NULL, and NULLs never collide.
  const other = await db.prisma.user.create({ data: { email: `c${Math.random()}@x.test`, username: `c${Math.random()}`, firstName: 'c', lastName: '-' } });
  await db.prisma.membership.create({ data: { userId: b.id, organizationId: org.id, roleId: role.id } });
  await db.prisma.membership.create({ data: { userId: other.id, organizationId: org.id, roleId: role.id } });
});

test('R-INV-2: one pending invitation per e-mail and organisation, enforced by the database', async () => {
  const { org, role } = await fixtures();
  const invite = (tokenHash: string) =>
    db.prisma.invitation.create({
      data: { email: 'x@example.test', pendingEmail: 'x@example.test', organizationId: org.id, roleId: role.id, tokenHash, expiresAt: new Date(Date.now() + 1000) },
    });
  const first = await invite('h1');
  await assert.rejects(invite('h2'), (error: { code?: string }) => error.code === 'P2002');
  await db.prisma.invitation.update({ where: { id: first.id }, data: { status: 'REVOKED', pendingEmail: null } });
  await invite('h3');
});
