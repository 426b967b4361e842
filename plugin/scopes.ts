// Each panel model's scope, from the role engine: the permission that lets someone see a row, and
// how the engine's "these organisations / own row / these ids" reads in that model's Prisma where.
// The same translation (engine.accessibleWhere) the REST lists use, so both filter alike.
import { isLocked } from '../src/auth/lockout.ts';
import { nestable } from '../src/authz/nestable-where.ts';
import { parseStringList } from '../src/authz/json-columns.ts';
import type { Principal } from '../src/authz/principal.ts';
import { actorFor } from '../src/authz/principal-loader.ts';
import type { Actor } from '../src/engine/types.ts';
import type { GatehouseContext } from '../src/context.ts';
import type { WhereMapping } from '../src/engine/index.ts';
import { parseInput } from '../src/http/route.ts';
import { searchQuery } from '../src/users/schemas.ts';
import { MAX_PAGE_SIZE, searchUsers } from '../src/users/search.ts';
import { INDEFINITE_LOCK } from '../src/users/operations/state-change.ts';
import { displayStatus } from '../src/users/serialize.ts';
import { endInWords } from '../src/users/access-end-words.ts';
import { disabledAt, statusAt } from '../src/users/disabled.ts';
import { auditEventInWords } from '../src/audit/in-words.ts';
import { grantsFromRows } from '../src/authz/grant-codec.ts';
import { grantSections, grantsInWords, notOfferedInWords } from '../src/permissions/catalog-view.ts';
import type { Catalog, Grant } from '../src/engine/types.ts';
import { sortGrants } from '../src/permissions/grants.ts';
import { effectiveGrantsOf, roleInclude, type RoleRecord } from '../src/roles/role-record.ts';
import type { ModelScope } from './scoped-resource.ts';

type Where = Record<string, unknown>;
type Row = Record<string, unknown>;

const and = (parts: Where[]): Where => ({ AND: parts });

/** Rows that belong to organisations, plus the built-in rows every organisation sees (organizationId null). */
function orgColumn(column: string, withBuiltins: boolean, resource?: string): WhereMapping<Where> {
  return {
    tenant: (ids) => (withBuiltins ? { OR: [{ [column]: { in: ids } }, { [column]: null }] } : { [column]: { in: ids } }),
    ids: (ids) => ({ id: { in: ids } }),
    and,
    ...(resource ? { resource } : {}),
  };
}

/** What the engine needs to decide on a user row: the organisations of their memberships, ownership. */
export interface UserFacts {
  readonly organizationIds: readonly string[];
  readonly isOwner: boolean;
  readonly holder: Actor;
  readonly memberships: readonly { organizationId: string; organizationName: string; roleId: string; roleName: string; isOwner: boolean; expiresAt: Date | null }[];
  readonly status: string;
  readonly locked: boolean;
  readonly mfaMethod: string;
}

interface MembershipRow {
  organizationId: string;
  roleId: string;
  isOwner: boolean | null;
  expiresAt: Date | null;
  organization: { name: string };
  role: { name: string };
}

/** The panel's user filters as the search's query: the same schema validates both (R-SEARCH-1). */
function searchQueryOf(filters: Readonly<Record<string, string>>, page: { offset: number; limit: number }): unknown {
  const pageSize = Math.min(Math.max(page.limit, 1), MAX_PAGE_SIZE);
  const query: Record<string, string> = { page: String(Math.floor(page.offset / pageSize) + 1), pageSize: String(pageSize) };
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'organization') query.organizationId = value;
    else query[key] = value;
  }
  return query;
}

export function userScope(ctx: GatehouseContext): ModelScope<UserFacts> {
  const mapping: WhereMapping<Where> = {
    tenant: (ids) => ({ memberships: { some: { organizationId: { in: ids } } } }),
    own: (userId) => ({ id: userId }),
    ids: (ids) => ({ id: { in: ids } }),
    self: (userId) => ({ id: userId }),
    and,
  };
  return {
    where: (who: Principal) => nestable(ctx.engine.accessibleWhere(who.actor, 'user.view', mapping)),
    // The list is the REST API's search (R-SEARCH-1): the same scope, filters and paging.
    async list(filters, page, who) {
      const result = await searchUsers(ctx, who, parseInput(searchQuery, searchQueryOf(filters, page), 'query'));
      return { ids: result.items.map((user) => user.id), total: result.total, totalExact: result.totalExact };
    },
    include: {
      memberships: {
        select: { organizationId: true, roleId: true, isOwner: true, expiresAt: true, organization: { select: { name: true } }, role: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      },
    },
    async facts(row: Row): Promise<UserFacts> {
      const memberships = ((row.memberships ?? []) as MembershipRow[]).map((m) => ({
        organizationId: m.organizationId,
        organizationName: m.organization.name,
        roleId: m.roleId,
        roleName: m.role.name,
        isOwner: m.isOwner === true,
        expiresAt: dateOf(m.expiresAt),
      }));
      const lockedUntil = dateOf(row.lockedUntil);
      return {
        organizationIds: memberships.map((m) => m.organizationId),
        isOwner: memberships.some((m) => m.isOwner),
        // What the user holds, for the actions on their credentials (R-ESC-2); cached by access version.
        holder: await actorFor(ctx, String(row.id), Number(row.accessVersion)),
        memberships,
        // The status at this instant: a disable whose end has passed counts as enabled (R-STATE-2).
        status: statusAt({ status: String(row.status), disabledUntil: dateOf(row.disabledUntil) }, ctx.config.now()),
        locked: lockedUntil !== null && lockedUntil.getTime() > ctx.config.now().getTime(),
        mfaMethod: String(row.mfaMethod),
      };
    },
    virtuals(row: Row, who: Principal): Row {
      // Memberships in organisations the viewer does not reach are not revealed (R-TENANT-1).
      const memberships = ((row.memberships ?? []) as MembershipRow[]).filter((m) => who.actor.organizations.has(m.organizationId));
      const lockedUntil = dateOf(row.lockedUntil);
      const disable = { status: String(row.status), disabledUntil: dateOf(row.disabledUntil) };
      const disabled = disabledAt(disable, ctx.config.now());
      return {
        organizations: memberships.map((m) => `${m.organization.name} — ${m.role.name}${m.isOwner ? ' (owner)' : ''}`).join('; '),
        // R-EXP-1: when each membership ends, in words, counted at this read ("Ends in 5 days (12 Dec 2026)").
        accessEndsText: accessEndsText(memberships, ctx.config.now()),
        locked: lockedUntil !== null && lockedUntil.getTime() > ctx.config.now().getTime(),
        // What the user list shows and filters by: locked and invited are states of their own.
        status: displayStatus({ ...disable, lockedUntil }, ctx.config.now()),
        lockedUntilText: lockedUntilText(lockedUntil, ctx.config.now()),
        ipAllowlistText: allowlistText(String(row.ipAllowlist ?? '[]')),
        disabledUntilText: disabled ? disabledUntilText(disable.disabledUntil) : 'Not disabled',
        // Said only while the disable lasts; removed from the user's own record below (R-STATE-2).
        disabledReason: disabled ? (row.disabledReason ?? null) : null,
      };
    },
    // R-SECRET-1: the security question is the user's own; others never receive it.
    redact(params: Row, who: Principal): Row {
      // R-STATE-2: why an account was disabled is for administrators, never for its user.
      if (params.id === who.userId) {
        const { disabledReason: _reason, ...own } = params;
        return own;
      }
      const { securityQuestion: _hidden, ...rest } = params;
      return rest;
    },
  };
}

/** The addresses a user may sign in from, as a list in words rather than the stored JSON. */
function allowlistText(stored: string): string {
  const entries = parseStringList(stored);
  return entries.length === 0 ? 'Anywhere' : entries.join(', ');
}

const dateOf = (value: unknown): Date | null => (value instanceof Date ? value : null);

/** R-EXP-1: when each of the memberships shown ends, one line each, in words. */
function accessEndsText(memberships: readonly MembershipRow[], now: Date): string {
  if (memberships.every((m) => dateOf(m.expiresAt) === null)) return 'No membership ends';
  return memberships.map((m) => `${m.organization.name}: ${endInWords(dateOf(m.expiresAt), now)}`).join('\n');
}

/** "Until 2026-12-02 19:30 UTC": when a lock or a disable ends. */
const untilUtc = (end: Date): string => `Until ${end.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** How long a disable lasts, in words. */
function disabledUntilText(disabledUntil: Date | null): string {
  return disabledUntil === null ? 'Until an administrator enables it' : untilUtc(disabledUntil);
}

/** How long a lock lasts, in words: an administrator's lock has no end date but its sentinel. */
function lockedUntilText(lockedUntil: Date | null, now: Date): string {
  if (lockedUntil === null || !isLocked({ lockedUntil }, now)) return 'Not locked';
  if (lockedUntil.getTime() === INDEFINITE_LOCK.getTime()) return 'Until an administrator unlocks it';
  return untilUtc(lockedUntil);
}

/** Organisations: the ones the actor reaches, sub-organisations included when the role reaches down. */
export function organizationScope(ctx: GatehouseContext): ModelScope {
  const mapping: WhereMapping<Where> = { tenant: (ids) => ({ id: { in: ids } }), ids: (ids) => ({ id: { in: ids } }), and, resource: 'org' };
  return { where: (who) => nestable(ctx.engine.accessibleWhere(who.actor, 'org.view', mapping)) };
}

export interface OwnedFacts {
  readonly organizationId: string | null;
  readonly protected: boolean;
  readonly legacy: boolean;
}

export function roleScope(ctx: GatehouseContext): ModelScope<OwnedFacts> {
  return {
    where: (who) => nestable(ctx.engine.accessibleWhere(who.actor, 'role.view', orgColumn('organizationId', true))),
    include: roleInclude,
    facts: (row) => ({ organizationId: (row.organizationId as string | null) ?? null, protected: row.protected === true, legacy: row.legacyPermissions !== null }),
    // What the role gives, in words, as the engine computes it (legacy inline grants or its policies).
    virtuals: (row) => {
      const role = row as unknown as RoleRecord;
      const grants = sortGrants(ctx.catalog, effectiveGrantsOf(role));
      return {
        legacy: row.legacyPermissions !== null && row.legacyPermissions !== undefined,
        permissionsText: grantsInWords(ctx.catalog, grants),
        permissionSections: sectionsParam(ctx.catalog, grants),
        policiesText: role.legacyPermissions !== null ? 'None yet: the role still carries its own permissions' : (role.policies.map((link) => link.policy.name).join(', ') || 'None'),
        holderCount: role._count.memberships,
      };
    },
  };
}

/**
 * What a role or policy grants, by section, for the panel's expandable view (PermissionSections.tsx):
 * a list of { label, items }, the permissions a host removed counted as a section of their own.
 */
function sectionsParam(catalog: Catalog, grants: readonly Grant[]): { label: string; items: string[] }[] {
  const { sections, notOffered } = grantSections(catalog, grants);
  const shown = sections.map((section) => ({ label: section.label, items: [...section.items] }));
  return notOffered > 0 ? [...shown, { label: 'Other', items: [notOfferedInWords(notOffered)] }] : shown;
}

export function policyScope(ctx: GatehouseContext): ModelScope<OwnedFacts> {
  return {
    where: (who) => nestable(ctx.engine.accessibleWhere(who.actor, 'policy.view', orgColumn('organizationId', true))),
    include: { grants: true, roles: { select: { role: { select: { name: true } } } } },
    facts: (row) => ({ organizationId: (row.organizationId as string | null) ?? null, protected: false, legacy: false }),
    virtuals: (row) => {
      const grants = grantsFromRows((row.grants ?? []) as Parameters<typeof grantsFromRows>[0]);
      const roles = ((row.roles ?? []) as { role: { name: string } }[]).map((link) => link.role.name);
      const sorted = sortGrants(ctx.catalog, grants);
      return { grantCount: grants.length, permissionsText: grantsInWords(ctx.catalog, sorted), permissionSections: sectionsParam(ctx.catalog, sorted), rolesText: roles.join(', ') || 'No role uses it yet' };
    },
  };
}

export interface InvitationFacts {
  readonly organizationId: string;
  readonly status: string;
}

/** Invitations are prospective users: whoever may see the organisation's users sees its invitations. */
function invitationWhere(ctx: GatehouseContext, who: Principal): Where {
  return nestable(ctx.engine.accessibleWhere(who.actor, 'user.view', orgColumn('organizationId', false, 'invitation')));
}

export function invitationScope(ctx: GatehouseContext): ModelScope<InvitationFacts> {
  return {
    where: (who) => invitationWhere(ctx, who),
    facts: (row) => ({ organizationId: String(row.organizationId), status: String(row.status) }),
  };
}

/** The audit trail of the organisations whose audit the actor may read; the rest stays unloaded. */
export function auditScope(ctx: GatehouseContext): ModelScope {
  return {
    where: (who) => nestable(ctx.engine.accessibleWhere(who.actor, 'audit.view', orgColumn('organizationId', false, 'audit'))),
    virtuals: (row) => auditEventInWords(ctx, row),
  };
}

/** The kinds of message an invitation sends (a created user's "set your password" is an invitation too). */
const INVITATION_KINDS = ['invitation', 'set-password'];

/**
 * The outbox (demo mode only): the messages addressed to the viewer, and the messages of
 * invitations the viewer may see. Messages are stored redacted (R-OUTBOX-1), so nothing here opens
 * an account or joins an organisation; still, someone else's reset mail or sign-in code is theirs
 * alone, and another organisation's invitation to the same address is not in scope.
 */
export function outboxScope(ctx: GatehouseContext): ModelScope<unknown, Promise<Where>> {
  return {
    async where(who) {
      const parts: Where[] = [];
      const self = await ctx.prisma.user.findUnique({ where: { id: who.userId }, select: { email: true } });
      if (self) parts.push({ to: self.email });
      const invitations = await ctx.prisma.invitation.findMany({ where: invitationWhere(ctx, who), select: { id: true } });
      if (invitations.length > 0) parts.push({ kind: { in: INVITATION_KINDS }, tokenId: { in: invitations.map((invitation) => invitation.id) } });
      return parts.length > 0 ? { OR: parts } : { id: { in: [] } };
    },
  };
}
