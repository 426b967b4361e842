// What an organisation looks like outside the server: explicit fields, and the tree as the actor
// sees it (a node whose parent is out of reach shows as a root).
import type { Prisma } from '../db/client.ts';

export const organizationSelect = { id: true, name: true, status: true, parentId: true, notificationEmail: true, createdAt: true, updatedAt: true } as const satisfies Prisma.OrganizationSelect;

export type OrganizationRow = Prisma.OrganizationGetPayload<{ select: typeof organizationSelect }>;

export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly status: 'ENABLED' | 'DISABLED';
  readonly parentId: string | null;
  /** Where the organisation's notices go; null: to the holders of its unique role, else its owner. */
  readonly notificationEmail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrganizationNode extends OrganizationView {
  readonly children: OrganizationNode[];
}

export function serializeOrganization(row: OrganizationRow): OrganizationView {
  return { id: row.id, name: row.name, status: row.status, parentId: row.parentId, notificationEmail: row.notificationEmail, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** Nests the rows; children sorted by name, as the seed's alphabetical organisation list. */
export function buildTree(rows: readonly OrganizationRow[]): OrganizationNode[] {
  const nodes = new Map<string, OrganizationNode>(rows.map((row) => [row.id, { ...serializeOrganization(row), children: [] }]));
  const roots: OrganizationNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrganizationNode[]): void => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}
