// A seed 004 company for the role and policy tests: Acme (with the preset's custom roles
// Operations and the legacy Accountant), a second company Globex, and their members.
import { principalFor } from '../../src/authz/principal-loader.ts';
import type { Principal } from '../../src/authz/principal.ts';
import type { GatehouseOptions } from '../../src/config/options.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

export const PASSWORD = 'Correct-Horse-9-Battery';

export interface Company {
  readonly t: TestSetup;
  readonly ctx: GatehouseContext;
  readonly acme: string;
  readonly globex: string;
  /** Acme's first administrator: Admin role, owner. */
  readonly owner: string;
  /** Acme: Admin role, not owner. */
  readonly admin: string;
  /** Acme: the preset's Operations role (policies, no role or policy rights). */
  readonly operator: string;
  /** Acme: the preset's legacy Accountant role. */
  readonly accountant: string;
  /** Globex's owner. */
  readonly globexOwner: string;
  roleId(organizationId: string, key: string): Promise<string>;
  member(username: string, organizationId: string, roleKey: string, owner?: boolean): Promise<string>;
  principal(userId: string): Promise<Principal>;
  client(username: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function company(options: Partial<GatehouseOptions> = {}): Promise<Company> {
  // Sign-in rate limits protect production; these tests sign in many times from one address.
  const t = await setup({ preset: 'seed004', signInRateLimit: false, ...options });
  const ctx = t.gatehouse.context;
  const acme = (await createOrganization(ctx, { name: 'Acme' })).id;
  const globex = (await createOrganization(ctx, { name: 'Globex' })).id;
  const member = async (username: string, organizationId: string, roleKey: string, owner = false) =>
    (
      await createMember(ctx, { email: `${username}@example.test`, username, firstName: username, lastName: '-', password: PASSWORD }, [
        { organizationId, roleKey, owner },
      ])
    ).id;
  return {
    t,
    ctx,
    acme,
    globex,
    owner: await member('owner', acme, 'admin', true),
    admin: await member('admin', acme, 'admin'),
    operator: await member('operator', acme, 'operations'),
    accountant: await member('accountant', acme, 'accountant'),
    globexOwner: await member('globex-owner', globex, 'admin', true),
    member,
    async roleId(organizationId, key) {
      const role = await ctx.prisma.role.findFirst({ where: { OR: [{ organizationId }, { organizationId: null }], key } });
      if (!role) throw new Error(`no role ${key}`);
      return role.id;
    },
    async principal(userId) {
      const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { accessVersion: true } });
      return principalFor(ctx, userId, user.accessVersion, '127.0.0.1', 'session');
    },
    client: (username) => signIn(t.app, username, PASSWORD),
    close: () => t.close(),
  };
}

/** The audit events written for one target, oldest first. */
export async function auditOf(ctx: GatehouseContext, targetId: string) {
  const rows = await ctx.prisma.auditEvent.findMany({ where: { targetId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
