// Who gains and who loses which permissions if a policy's grants become these (R-POL-2): the
// engine's preview over the current holders of every role carrying the policy, exactly as the
// migration preview is. Its fingerprint travels with the save, which is refused (409) when the
// holders' facts no longer give the same one — someone joined, left or changed role meanwhile.
import { loadActorFacts } from '../authz/load-actor.ts';
import { holdersOfPolicy } from '../authz/access-version.ts';
import type { GatehouseContext } from '../context.ts';
import { type ActorFacts, fingerprintOf, type Grant, type HolderChange, type ImpactPreview, policyEdited } from '../engine/index.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Db } from '../operations/operation.ts';

interface Holder {
  readonly userId: string;
  readonly name: string;
  readonly facts: ActorFacts;
}

/** The holders of a policy, by name, with their facts as the engine reads them (provenance included). */
async function holdersOf(ctx: GatehouseContext, db: Db, policyId: string): Promise<Holder[]> {
  const users = await db.user.findMany({ where: holdersOfPolicy(policyId), select: { id: true, firstName: true, lastName: true }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }] });
  const holders: Holder[] = [];
  for (const user of users) holders.push({ userId: user.id, name: `${user.firstName} ${user.lastName}`.trim(), facts: await loadActorFacts(ctx.reads, user.id, { provenance: true }) });
  return holders;
}

export async function policyEditImpact(ctx: GatehouseContext, db: Db, policyId: string, grants: readonly Grant[]): Promise<ImpactPreview> {
  const change = policyEdited(policyId, grants);
  const holders: HolderChange[] = (await holdersOf(ctx, db, policyId)).map((holder) => ({ userId: holder.userId, name: holder.name, before: holder.facts, after: change(holder.facts) }));
  return ctx.engine.previewImpact(holders, { now: ctx.config.now() });
}

/** The save's check: the preview it carries was made on the holders as they are now. */
export async function stalePreview(ctx: GatehouseContext, db: Db, policyId: string, previewVersion: string): Promise<GatehouseError | null> {
  const now = fingerprintOf((await holdersOf(ctx, db, policyId)).map((holder) => holder.facts));
  return now === previewVersion ? null : new GatehouseError('CONFLICT', 'Who holds this policy has changed since the preview: preview the change again before saving');
}
