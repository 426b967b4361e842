// System-level set-up, outside any signed-in user's permissions: the first organisation and its
// owner, for a host's installation script and for the demo seed. Everything after that goes
// through the services and the role engine.
import { hashPassword, passwordPolicyViolations } from '../auth/passwords.ts';
import { bumpAccess, membersOf } from '../authz/access-version.ts';
import type { GatehouseContext } from '../context.ts';
import type { GatehousePrisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { createPresetCustomRoles } from '../organizations/preset-roles.ts';
import { builtinRoleId } from '../roles/sync-preset.ts';
import { nameSearchFields, normalizeEmail, normalizeUsername } from '../users/normalize.ts';

export interface BootstrapUser {
  readonly email: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
}

export async function createOrganization(ctx: GatehouseContext, input: { name: string; parentId?: string | null }): Promise<{ id: string }> {
  return ctx.prisma.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { name: input.name, parentId: input.parentId ?? null } });
    if (!input.parentId) await createPresetCustomRoles(tx, ctx.preset, organization.id);
    // Members above it whose role reaches sub-organisations reach one more: their cached actors are stale.
    else await bumpAccess(tx, membersOf(await lineageOf(tx, input.parentId)));
    return { id: organization.id };
  });
}

async function lineageOf(db: Pick<GatehousePrisma, 'organization'>, organizationId: string): Promise<string[]> {
  const lineage: string[] = [];
  for (let id: string | null = organizationId; id !== null && !lineage.includes(id); ) {
    lineage.push(id);
    id = (await db.organization.findUnique({ where: { id }, select: { parentId: true } }))?.parentId ?? null;
  }
  return lineage;
}

/** Creates an active user with a password and memberships given by role key (built-in or the organisation's own). */
export async function createMember(
  ctx: GatehouseContext,
  user: BootstrapUser,
  memberships: readonly { organizationId: string; roleKey: string; owner?: boolean }[],
): Promise<{ id: string }> {
  const problems = passwordPolicyViolations(user.password, ctx.config.passwordPolicy);
  if (problems.length > 0) throw new GatehouseError('PASSWORD_POLICY', `The password needs ${problems.join(', ')}`);
  const passwordHash = await hashPassword(user.password, ctx.config.passwordHashing);
  const now = ctx.config.now();
  return ctx.prisma.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email: normalizeEmail(user.email),
        username: normalizeUsername(user.username),
        firstName: user.firstName,
        lastName: user.lastName,
        ...nameSearchFields(user),
        passwordHash,
        passwordChangedAt: now,
        passwordHistory: { create: { hash: passwordHash, createdAt: now } },
      },
    });
    for (const membership of memberships) {
      const role =
        (await tx.role.findUnique({ where: { id: builtinRoleId(membership.roleKey) } })) ??
        (await tx.role.findFirst({ where: { organizationId: membership.organizationId, key: membership.roleKey } }));
      if (!role) throw new Error(`no role ${membership.roleKey} for organisation ${membership.organizationId}`);
      await tx.membership.create({
        data: {
          userId: created.id,
          organizationId: membership.organizationId,
          roleId: role.id,
          isOwner: membership.owner ? true : null,
          uniqueRoleId: role.uniquePerOrganization ? role.id : null,
        },
      });
    }
    return { id: created.id };
  });
}
