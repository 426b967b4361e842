// Limits one membership to named resource instances, or lifts the limit (R-SCOPE-1; seed 000: a
// Technical user limited to chosen products). Refused on oneself (R-SELF-1) and on the owner
// (R-OWNER-1). Widening a scope extends the role's `scoped` grants to more instances, so the actor
// must hold those permissions (R-ESC-1).
import { bumpAccess } from '../../authz/access-version.ts';
import { parseScope } from '../../authz/json-columns.ts';
import { coreCatalog, resourceOf } from '../../engine/catalog.ts';
import type { ResourceScope } from '../../engine/types.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation, type FieldHint } from '../../operations/operation.ts';
import { loadTargetUser, membershipIn, ownsAnything } from '../facts.ts';
import { grantsOf, type RoleRow } from '../roles.ts';
import { scopeBody } from '../schemas.ts';
import { membershipsAllowing, organizationOptions } from './memberships.ts';

export interface MembershipScopeView {
  readonly userId: string;
  readonly organizationId: string;
  readonly scope: ResourceScope | null;
}

/** Gatehouse's own resources are governed by organisations, not instance scopes. */
const coreResources = new Set(Object.keys(coreCatalog).map(resourceOf));

/** The resources a membership's role acts on, which a scope may narrow. */
export function scopableResources(role: RoleRow): string[] {
  return [...new Set(grantsOf(role).map((grant) => resourceOf(grant.permission)))].filter((resource) => !coreResources.has(resource)).sort();
}

export const setUserScope = defineOperation({
  key: 'user.editScope',
  permission: 'user.editScope',
  label: 'Limit to chosen resources',
  summary: 'Limit a user, in one organisation, to named resource instances, or lift the limit (R-SCOPE-1, R-ESC-1)',
  rules: ['R-SCOPE-1', 'R-ESC-1', 'R-SELF-1', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: scopeBody,
  rest: { method: 'put', path: '/users/:id/scope', tag: 'users' },
  panel: {
    resource: 'User',
    name: 'editScope',
    kind: 'record',
    view: 'form',
    icon: 'Filter',
    async form({ ctx, who, record, values }) {
      const memberships = membershipsAllowing(ctx, who, record, 'user.editScope');
      const chosen = memberships.find((membership) => membership.organizationId === values.organizationId) ?? memberships[0];
      const user = chosen ? await loadTargetUser(ctx.prisma, record?.id ?? '') : null;
      const membership = chosen && user ? membershipIn(user, chosen.organizationId) : undefined;
      const current = membership ? (await ctx.prisma.membership.findUnique({ where: { id: membership.id }, select: { scope: true } }))?.scope ?? null : null;
      const scope = parseScope(current) ?? {};
      const fields: Record<string, FieldHint> = {
        organizationId: { label: 'Organisation', type: 'select', options: organizationOptions(memberships), value: chosen?.organizationId ?? '', reloads: true, hidden: memberships.length < 2 },
        scope: { hidden: true },
      };
      for (const resource of membership ? scopableResources(membership.role) : []) {
        fields[`scope.${resource}`] = { label: `Only these ${resource} ids`, type: 'lines', value: scope[resource] ?? [], help: 'One id per line; empty: every one.' };
      }
      return { intro: 'A limited user acts only on the instances listed here.', fields, submitLabel: 'Save limits' };
    },
    done: () => 'The limits are saved',
  },
  audit: { targetType: 'user' },
  async load(db, { id, input }) {
    const user = await loadTargetUser(db, id);
    const membership = membershipIn(user, input.organizationId);
    if (!membership) throw notFound('membership');
    return { user, membership };
  },
  checks: ({ user, membership }, { id, input }) => [
    {
      action: 'user.editScope',
      target: {
        kind: 'user',
        userId: id,
        organizationIds: [input.organizationId],
        isOwner: ownsAnything(user),
        change: { grants: grantsOf(membership.role).filter((grant) => grant.condition === 'scoped') },
      },
      subject: { targetType: 'user', targetId: id, organizationId: input.organizationId, details: { scope: input.scope } },
    },
  ],
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { membership }, { id, input }) {
    const stored = input.scope === null ? null : JSON.stringify(input.scope);
    await tx.membership.update({ where: { id: membership.id }, data: { scope: stored } });
    await bumpAccess(tx, { id });
    return parseScope(stored) as ResourceScope | null;
  },
  view: (scope, { id, input }): MembershipScopeView => ({ userId: id, organizationId: input.organizationId, scope }),
});
