// The permission catalog as a picker shows it (seed 004: "Permissions by resource and by page"):
// grouped, labelled, in declaration order, the host's own permissions included.
import type { Catalog, Grant } from '../engine/types.ts';

export interface PermissionEntry {
  readonly key: string;
  readonly label: string;
  readonly mutates: boolean;
}

export interface PermissionGroup {
  readonly group: string;
  readonly label: string;
  /** Seed 004 grants "by resource and by page". */
  readonly kind: 'page' | 'resource';
  readonly permissions: PermissionEntry[];
}

const groupLabels: Readonly<Record<string, string>> = {
  user: 'Users',
  role: 'Roles',
  policy: 'Permission policies',
  org: 'Organisation',
  audit: 'Audit trail',
  apikey: 'API keys',
  page: 'Pages',
};

function groupLabel(group: string): string {
  return groupLabels[group] ?? group.charAt(0).toUpperCase() + group.slice(1).replace(/[._-]+/g, ' ');
}

export function permissionCatalog(catalog: Catalog): { groups: PermissionGroup[]; total: number } {
  const groups = new Map<string, PermissionGroup>();
  for (const key of Object.keys(catalog)) {
    const spec = catalog[key];
    if (spec === undefined) continue;
    let group = groups.get(spec.group);
    if (!group) {
      group = { group: spec.group, label: groupLabel(spec.group), kind: spec.group === 'page' ? 'page' : 'resource', permissions: [] };
      groups.set(spec.group, group);
    }
    group.permissions.push({ key, label: spec.label, mutates: spec.mutates });
  }
  return { groups: [...groups.values()], total: Object.keys(catalog).length };
}

const conditionWords: Readonly<Record<string, string>> = { own: 'own records only', scoped: 'chosen records only' };

/** One section of what a role or policy grants: its label and the permissions held in it, in words. */
export interface GrantSection {
  readonly label: string;
  readonly items: readonly string[];
}

export interface GrantsBySection {
  readonly sections: readonly GrantSection[];
  /** Permissions the catalog no longer knows (left by a host that removed them): counted, never shown as keys. */
  readonly notOffered: number;
}

/**
 * Grants as staff read them, one section per part of the catalog, in its order: "Users" with
 * "View users", "Lock and unlock users (own records only)".
 */
export function grantSections(catalog: Catalog, grants: readonly Grant[]): GrantsBySection {
  const byPermission = new Map(grants.map((grant) => [grant.permission, grant]));
  const sections: GrantSection[] = [];
  for (const group of permissionCatalog(catalog).groups) {
    const held = group.permissions.filter((entry) => byPermission.has(entry.key));
    if (held.length === 0) continue;
    const items = held.map((entry) => {
      const condition = byPermission.get(entry.key)?.condition;
      return condition ? `${entry.label} (${conditionWords[condition] ?? condition})` : entry.label;
    });
    sections.push({ label: group.label, items });
  }
  return { sections, notOffered: grants.filter((grant) => !Object.hasOwn(catalog, grant.permission)).length };
}

/** How many permissions a host removed from the catalog are still held, in words. */
export function notOfferedInWords(count: number): string {
  return `${count} permission${count === 1 ? '' : 's'} no longer offered here`;
}

/** The same sections as text, one line each: "Users: View users, Lock and unlock users". */
export function grantsInWords(catalog: Catalog, grants: readonly Grant[]): string {
  if (grants.length === 0) return 'No permissions';
  const { sections, notOffered } = grantSections(catalog, grants);
  const lines = sections.map((section) => `${section.label}: ${section.items.join(', ')}`);
  if (notOffered > 0) lines.push(notOfferedInWords(notOffered));
  return lines.join('\n');
}
