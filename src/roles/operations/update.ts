// Editing a custom role: its name and description, its policies, or — only while it is a legacy
// role — its inline permissions (R-MIG-1: afterwards, permissions change only through policies).
// Protected roles refuse (R-PROT-1), built-in ones too (R-ROLE-1), and the resulting set of grants
// must lie within the editor's own permissions (R-ESC-1).
import { bumpAccess, holdersOfRole } from '../../authz/access-version.ts';
import { stalePreview } from '../../authz/impact-preview.ts';
import { serializeGrants } from '../../authz/grant-codec.ts';
import type { GatehouseContext } from '../../context.ts';
import type { Db } from '../../operations/operation.ts';
import { roleGrants } from '../../engine/actor.ts';
import type { Grant } from '../../engine/types.ts';
import { GatehouseError, isGatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { builtInRefusal } from '../../permissions/built-in-refusal.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';
import { diffGrants, parseGrantList } from '../../permissions/grants.ts';
import { type AttachablePolicy, loadAttachablePolicies, policyGone } from '../attachable-policies.ts';
import { effectiveGrantsOf, findRole, legacyGrantsOf, type RoleRecord, type RoleView, viewRole } from '../role-record.ts';
import { nameTaken } from '../role-names.ts';
import { roleView, updateRoleBody } from '../schema.ts';
import { policyOptions } from './policy-options.ts';
import { roleChecks } from './role-check.ts';

type UpdateInput = (typeof updateRoleBody)['_zod']['output'];

export interface GrantChange {
  readonly grants: Grant[];
  readonly policies?: AttachablePolicy[];
  readonly inline?: Grant[];
}

async function plannedGrants(ctx: GatehouseContext, db: Db, role: RoleRecord, input: Pick<UpdateInput, 'permissions' | 'policyIds'>): Promise<GrantChange | null> {
  const legacy = legacyGrantsOf(role);
  if (input.permissions !== undefined) {
    if (legacy === null) throw new GatehouseError('ALREADY_MIGRATED', "This role's permissions come from its policies: edit those policies", { rule: 'R-MIG-1' });
    const inline = parseGrantList(ctx.catalog, input.permissions);
    return { grants: roleGrants({ legacyPermissions: inline, policies: [] }), inline };
  }
  if (input.policyIds !== undefined) {
    if (legacy !== null) throw new GatehouseError('LEGACY_ROLE', 'A legacy role carries inline permissions only: migrate it to a policy first', { rule: 'R-MIG-1' });
    const policies = await loadAttachablePolicies(db, role.organizationId as string, input.policyIds);
    return { grants: roleGrants({ legacyPermissions: null, policies }), policies };
  }
  return null;
}

const isBuiltIn = (role: RoleRecord): boolean => role.kind === 'BUILTIN' || role.organizationId === null;

/** The role and what the edit would make of its grants: read by the edit and by its impact preview. */
export async function loadRoleChange(ctx: GatehouseContext, db: Db, id: string, input: Pick<UpdateInput, 'permissions' | 'policyIds'>) {
  const role = await findRole(db, id);
  // A change the role's state forbids (R-MIG-1) is refused after the engine has decided: thrown
  // here, it would answer 409 about another tenant's role, where R-TENANT-1 answers 404.
  try {
    return { role, change: isBuiltIn(role) ? null : await plannedGrants(ctx, db, role, input), conflict: null };
  } catch (error) {
    if (isGatehouseError(error) && error.status === 409) return { role, change: null, conflict: error };
    throw error;
  }
}

type RoleChange = Awaited<ReturnType<typeof loadRoleChange>>;

export const roleChangeChecks = ({ role, change }: RoleChange, operation: string) => roleChecks('role.manage', role, operation, change ? { grants: change.grants } : undefined);

/** Built-in roles and reserved permissions refuse, for the edit and its preview alike. */
export function roleChangeRefusal(ctx: GatehouseContext, { role, change, conflict }: RoleChange): GatehouseError | null {
  if (isBuiltIn(role)) return builtInRefusal('role');
  if (conflict) return conflict;
  return change ? reservedRefusal(ctx, change.grants) : null;
}

export const updateRole = defineOperation({
  key: 'role.update',
  permission: 'role.manage',
  label: 'Edit role',
  summary: 'Edit a custom role: name, policies, or inline permissions while legacy (R-PROT-1, R-ESC-1, R-MIG-1)',
  rules: ['R-PROT-1', 'R-ESC-1', 'R-MIG-1', 'R-ROLE-1', 'R-ROLE-2', 'R-TENANT-1', 'R-READ-1'],
  input: updateRoleBody,
  rest: { method: 'patch', path: '/roles/:id', tag: 'roles', response: roleView, errors: [409] },
  panel: {
    resource: 'Role',
    name: 'edit',
    kind: 'record',
    view: 'form',
    icon: 'Edit',
    async form({ ctx, who, id }) {
      const role = await findRole(ctx.prisma, id);
      const view = viewRole(ctx, role);
      const legacy = view.legacy;
      return {
        intro: legacy ? 'This role still has inline permissions: migrate it to a policy to compose it of policies.' : `Held by ${view.holderCount} member(s); changes apply at their next request.`,
        fields: {
          name: { label: 'Name', value: view.name },
          description: { label: 'Description', type: 'textarea', value: view.description },
          policyIds: legacy || !view.organizationId ? { hidden: true } : { label: 'Policies', type: 'checkboxes', options: await policyOptions(ctx, who, view.organizationId), value: view.policies.map((policy) => policy.id) },
          permissions: { hidden: true },
        },
        submitLabel: 'Save role',
        // R-POL-2: a new list of policies is previewed over the role's holders before it is saved.
        ...(legacy || !view.organizationId ? {} : { preview: { action: 'previewUpdate', fields: ['policyIds'], holders: 'people holding this role' } }),
      };
    },
    done: (role) => `Role ${(role as RoleView).name} is saved`,
  },
  audit: { action: 'role.manage', targetType: 'role' },
  load: (db, { ctx, id, input }) => loadRoleChange(ctx, db, id, input),
  checks: (facts) => roleChangeChecks(facts, 'update'),
  async refuse(facts, { ctx, input }, db) {
    const { role, change } = facts;
    const refused = roleChangeRefusal(ctx, facts);
    if (refused) return refused;
    if (change?.policies && input.previewVersion !== undefined) {
      const stale = await stalePreview(ctx, db, holdersOfRole(role.id), input.previewVersion, 'Who holds this role');
      if (stale) return stale;
    }
    const name = input.name;
    return name !== undefined && name !== role.name ? nameTaken(db, role.organizationId as string, name, role.id) : null;
  },
  async apply(tx, { role, change }, { input }) {
    const diff = change ? diffGrants(change.grants, effectiveGrantsOf(role)) : { missing: [], extra: [] };
    const data = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(change?.inline ? { legacyPermissions: serializeGrants(change.inline) } : {}),
      // Always written: an update with nothing else (a policy list change) would otherwise match no row as far as Prisma's count tells.
      updatedAt: new Date(),
    };
    // Conditional on the role still being as the checks saw it (legacy with the same inline text, or
    // policy-based): a migration that lands meanwhile makes it fail cleanly.
    const { count } = await tx.role.updateMany({ where: { id: role.id, legacyPermissions: role.legacyPermissions }, data });
    if (count !== 1) {
      const now = await tx.role.findUnique({ where: { id: role.id }, select: { legacyPermissions: true } });
      if (change?.inline && now?.legacyPermissions === null) throw new GatehouseError('ALREADY_MIGRATED', 'The role was migrated to a policy meanwhile', { rule: 'R-MIG-1' });
      throw new GatehouseError('STATE_CHANGED');
    }
    if (change?.policies) {
      await tx.rolePolicy.deleteMany({ where: { roleId: role.id } });
      if (change.policies.length > 0) await tx.rolePolicy.createMany({ data: change.policies.map((policy) => ({ roleId: role.id, policyId: policy.id })) });
    }
    const grantsChanged = diff.missing.length > 0 || diff.extra.length > 0;
    if (grantsChanged) await bumpAccess(tx, holdersOfRole(role.id));
    return { diff, grantsChanged };
  },
  auditDetails: ({ role, change }, { diff, grantsChanged }, { input }) => ({
    ...(input.name !== undefined && input.name !== role.name ? { name: { from: role.name, to: input.name } } : {}),
    ...(input.description !== undefined ? { descriptionChanged: input.description !== role.description } : {}),
    ...(change?.policies ? { policies: change.policies.map((policy) => policy.id) } : {}),
    ...(grantsChanged ? { grantsAdded: diff.missing, grantsRemoved: diff.extra } : {}),
  }),
  foreignKeyViolation: policyGone,
  async view(_result, { ctx, id }): Promise<RoleView> {
    return viewRole(ctx, await findRole(ctx.prisma, id));
  },
});
