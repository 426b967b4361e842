// What a user holds in each organisation: their role (Edit role), the rights switched on within it
// (Access rights, R-ACC-1: only the rights the role allows are offered), and which organisations
// they belong to (Assigned organisations). One form each, through the users service; nobody
// changes their own (R-SELF-1), the owner's is the owner's (R-OWNER-1), and the engine refuses a
// role whose permissions the actor lacks (R-ESC-1) or a unique role that is taken (R-UNIQ-1).
import type { BaseRecord } from 'adminjs';
import { z } from 'zod';
import type { Principal } from '../../../src/authz/principal.ts';
import type { GatehouseContext } from '../../../src/context.ts';
import { assignUserOrganizations, changeUserRole, getUserAccessRights, setUserAccessRights } from '../../../src/users/index.ts';
import { userTarget } from '../../access.ts';
import type { FieldOption, FormField, FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { factsOf } from '../../scoped-resource.ts';
import type { UserFacts } from '../../scopes.ts';
import { organizationChoices, pairValue, roleChoices, splitPair } from '../choices.ts';
import { recordAction } from '../kit.ts';

/** The user's memberships in organisations the actor reaches; the others are not the actor's to see. */
function visibleMemberships(record: BaseRecord, who: Principal): UserFacts['memberships'] {
  return (factsOf<UserFacts>(record)?.memberships ?? []).filter((m) => who.actor.organizations.has(m.organizationId));
}

/** Memberships in which the engine allows `permission` on this user. */
function membershipsAllowing(ctx: GatehouseContext, who: Principal, record: BaseRecord, permission: string): UserFacts['memberships'] {
  return visibleMemberships(record, who).filter(
    (m) => ctx.engine.decide(who.actor, permission, { kind: 'user', userId: String(record.id()), organizationIds: [m.organizationId], isOwner: m.isOwner }).allowed,
  );
}

const byField = z.record(z.string().min(1).max(200), z.string().max(400));

export function membershipActions(ctx: GatehouseContext, components: PanelComponents) {
  return {
    editRole: recordAction(ctx, {
      name: 'editRole',
      permission: 'user.editRole',
      targetOf: userTarget,
      icon: 'Award',
      component: components.ids.ActionForm,
      input: byField,
      load: async (who, record) => {
        const fields: FormField[] = [];
        for (const membership of membershipsAllowing(ctx, who, record, 'user.editRole')) {
          const options = await roleChoices(ctx, who, 'user.editRole', [{ id: membership.organizationId, name: membership.organizationName }], (organizationId, change) => ({
            kind: 'user',
            userId: String(record.id()),
            organizationIds: [organizationId],
            isOwner: membership.isOwner,
            change,
          }));
          const current = pairValue(membership.organizationId, membership.roleId);
          fields.push({
            name: membership.organizationId,
            label: `Role in ${membership.organizationName}`,
            type: 'select',
            value: current,
            // The current role stays selectable even when the engine would not grant it anew.
            options: options.map((option): FieldOption => (option.value === current ? { value: option.value, label: `${option.label} (current)` } : option)),
          });
        }
        const form: FormSpec = { intro: 'The new role takes effect at the user\u2019s next request.', fields, submitLabel: 'Save role' };
        return { form };
      },
      run: async (who, record, input) => {
        const userId = String(record.id());
        const current = new Map(visibleMemberships(record, who).map((m) => [m.organizationId, m.roleId]));
        let changed = 0;
        for (const value of Object.values(input)) {
          const { organizationId, roleId } = splitPair(value);
          if (!current.has(organizationId) || current.get(organizationId) === roleId) continue;
          await changeUserRole(ctx, who, userId, { organizationId, roleId });
          changed += 1;
        }
        return { message: changed === 0 ? 'Nothing changed' : `The role of ${String(record.param('email'))} is changed`, redirect: 'show' };
      },
    }),

    accessRights: recordAction(ctx, {
      name: 'accessRights',
      permission: 'user.editAccessRights',
      targetOf: userTarget,
      icon: 'CheckSquare',
      component: components.ids.ActionForm,
      input: z.strictObject({ rights: z.array(z.string().min(1).max(200)).max(200) }),
      load: async (who, record) => {
        const options: FieldOption[] = [];
        const value: string[] = [];
        for (const membership of membershipsAllowing(ctx, who, record, 'user.editAccessRights')) {
          const view = await getUserAccessRights(ctx, who, String(record.id()), membership.organizationId);
          for (const right of view.accessRights) {
            const key = pairValue(membership.organizationId, right.key);
            options.push({ value: key, label: right.label, group: `${membership.organizationName} — ${membership.roleName}` });
            if (right.enabled) value.push(key);
          }
        }
        const form: FormSpec = {
          intro: 'Only the rights the user\u2019s role allows are listed; switch off what this user should not do.',
          fields: [{ name: 'rights', label: 'Access rights', type: 'checkboxes', options, value }],
          submitLabel: 'Save access rights',
        };
        return { form };
      },
      run: async (who, record, input) => {
        const userId = String(record.id());
        const chosen = input.rights.map(splitPair);
        for (const membership of membershipsAllowing(ctx, who, record, 'user.editAccessRights')) {
          const accessRights = chosen.filter((pair) => pair.organizationId === membership.organizationId).map((pair) => pair.roleId);
          await setUserAccessRights(ctx, who, userId, { organizationId: membership.organizationId, accessRights });
        }
        return { message: `The access rights of ${String(record.param('email'))} are saved`, redirect: 'show' };
      },
    }),

    assignOrganizations: recordAction(ctx, {
      name: 'assignOrganizations',
      permission: 'user.assignOrganizations',
      targetOf: userTarget,
      icon: 'GitBranch',
      component: components.ids.ActionForm,
      input: z.strictObject({ organizations: z.array(z.string().min(1).max(64)).max(500), roleForNew: z.string().max(200) }),
      load: async (who, record) => {
        const organizations = await organizationChoices(ctx, who, 'user.assignOrganizations');
        const current = new Set(visibleMemberships(record, who).map((m) => m.organizationId));
        const roles = await ctx.prisma.role.findMany({ where: { organizationId: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
        const form: FormSpec = {
          intro: 'Organisations you do not manage are not listed and stay as they are.',
          fields: [
            { name: 'organizations', label: 'Member of', type: 'checkboxes', options: organizations.map((o) => ({ value: o.id, label: o.name })), value: organizations.filter((o) => current.has(o.id)).map((o) => o.id) },
            { name: 'roleForNew', label: 'Role in newly added organisations', type: 'select', options: roles.map((role) => ({ value: role.id, label: role.name })) },
          ],
          submitLabel: 'Save organisations',
        };
        return { form };
      },
      run: async (who, record, input) => {
        const current = new Map(visibleMemberships(record, who).map((m) => [m.organizationId, m.roleId]));
        await assignUserOrganizations(ctx, who, String(record.id()), {
          organizations: input.organizations.map((organizationId) => (current.has(organizationId) ? { organizationId } : { organizationId, roleId: input.roleForNew })),
        });
        return { message: `The organisations of ${String(record.param('email'))} are saved`, redirect: 'show' };
      },
    }),
  };
}
