// "Why?" (GET /users/:id/explain): whether a user may do something in an organisation, the rule
// that decided, and the chain that led there — membership → role → policy → grant, with its
// condition — or what was set aside (a switched-off right, an ended membership, a scope). The
// engine explains (pure); this loads the user's facts and keeps the answer to what the caller may
// see: the user (user.view, R-TENANT-1) in that organisation.
import { z } from 'zod';
import { loadActorFacts } from '../authz/load-actor.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Explanation, GrantChain } from '../engine/explain.ts';
import type { Catalog } from '../engine/types.ts';
import { GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { authorizeViewOfUser } from './effective-permissions.ts';
import { deniedBecause } from './explain-words.ts';

export const explainQuery = z.strictObject({
  permission: z.string().min(1).max(128).describe('A permission key of the catalog (GET /permissions)'),
  organizationId: z.string().min(1).max(64).describe('The organisation the question is about'),
});

const chain = z.object({
  organizationId: z.string(),
  organizationName: z.string().describe('The name of the organisation the membership is in'),
  role: z.string().describe('The role key of the membership that gives it'),
  roleName: z.string(),
  policy: z.string().nullable().describe('The policy that carries the grant; null for a legacy role or the owner'),
  condition: z.enum(['all', 'own', 'scoped']),
  source: z.enum(['grant', 'scope', 'owner']),
});

export const explanationView = z.object({
  userId: z.string(),
  permission: z.string(),
  label: z.string(),
  organizationId: z.string(),
  allowed: z.boolean(),
  rule: z.string().describe('The rule that decided (docs/rules.md)'),
  reason: z.string(),
  /** The same, said about the user explained (the panel's words); absent when allowed. */
  because: z.string().nullable(),
  grantedBy: z.array(chain),
  setAside: z.array(chain.extend({ rule: z.string().describe('Why this chain did not count'), because: z.string() })),
});
export type ExplanationView = z.infer<typeof explanationView>;

interface Names {
  readonly organizations: ReadonlyMap<string, string>;
  readonly roles: ReadonlyMap<string, string>;
}

/** The names of the organisations and roles the chains go through, in two reads. */
async function namesOf(ctx: GatehouseContext, chains: readonly GrantChain[]): Promise<Names> {
  const [organizations, roles] = await Promise.all([
    ctx.prisma.organization.findMany({ where: { id: { in: [...new Set(chains.map((link) => link.membership.organizationId))] } }, select: { id: true, name: true } }),
    ctx.prisma.role.findMany({ where: { id: { in: [...new Set(chains.map((link) => link.membership.roleId))] } }, select: { id: true, name: true } }),
  ]);
  return { organizations: new Map(organizations.map((row) => [row.id, row.name])), roles: new Map(roles.map((row) => [row.id, row.name])) };
}

function chainView(link: GrantChain, names: Names): z.infer<typeof chain> {
  const { membership } = link;
  return {
    organizationId: link.organizationId,
    organizationName: names.organizations.get(membership.organizationId) ?? '',
    role: membership.roleKey,
    roleName: names.roles.get(membership.roleId) ?? '',
    policy: link.policy?.name ?? null,
    condition: link.condition,
    source: link.source,
  };
}

export async function explainDecision(ctx: GatehouseContext, who: Principal, userId: string, query: z.infer<typeof explainQuery>): Promise<ExplanationView> {
  const entry = (ctx.catalog as Catalog)[query.permission];
  if (!Object.hasOwn(ctx.catalog, query.permission) || !entry) {
    throw new GatehouseError('INVALID_INPUT', 'No such permission', { errors: [{ in: 'query', path: 'permission', message: 'not in the catalog' }] });
  }
  const { userTarget } = await authorizeViewOfUser(ctx, who, userId);
  // Only about an organisation where the caller may see this user: anything else is not found.
  if (!ctx.engine.decide(who.actor, 'user.view', userTarget([query.organizationId])).allowed) throw notFound('organization');
  const actor = ctx.engine.compile(await loadActorFacts(ctx.reads, userId, { provenance: true }), { now: ctx.config.now(), provenance: true });
  const explanation: Explanation = ctx.engine.explain(actor, query.permission, { kind: 'organization', organizationId: query.organizationId });
  const names = await namesOf(ctx, [...explanation.grantedBy, ...explanation.setAside]);
  return {
    userId,
    permission: query.permission,
    label: entry.label,
    organizationId: query.organizationId,
    allowed: explanation.allowed,
    rule: explanation.rule,
    reason: explanation.reason,
    because: explanation.allowed ? null : deniedBecause[explanation.rule],
    grantedBy: explanation.grantedBy.map((link) => chainView(link, names)),
    setAside: explanation.setAside.map((link) => ({ ...chainView(link, names), rule: link.rule, because: deniedBecause[link.rule] })),
  };
}
