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

export const explainQuery = z.strictObject({
  permission: z.string().min(1).max(128).describe('A permission key of the catalog (GET /permissions)'),
  organizationId: z.string().min(1).max(64).describe('The organisation the question is about'),
});

const chain = z.object({
  organizationId: z.string(),
  role: z.string().describe('The role key of the membership that gives it'),
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
  grantedBy: z.array(chain),
  setAside: z.array(chain.extend({ rule: z.string().describe('Why this chain did not count') })),
});
export type ExplanationView = z.infer<typeof explanationView>;

function chainView(link: GrantChain): z.infer<typeof chain> {
  return { organizationId: link.organizationId, role: link.membership.roleKey, policy: link.policy?.name ?? null, condition: link.condition, source: link.source };
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
  return {
    userId,
    permission: query.permission,
    label: entry.label,
    organizationId: query.organizationId,
    allowed: explanation.allowed,
    rule: explanation.rule,
    reason: explanation.reason,
    grantedBy: explanation.grantedBy.map(chainView),
    setAside: explanation.setAside.map((link) => ({ ...chainView(link), rule: link.rule })),
  };
}
