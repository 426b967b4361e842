// "What would this change do?" before a change to who holds what (R-POL-2): who gains and who loses
// which permissions, computed by the engine over the current holders' facts, before and after the
// change (src/engine/facts-change.ts). A policy's grants, a role's policy list, one user's access
// rights or role: each preview names the holders it reads and the change; the answer's version
// travels with the save, which is refused (409) when the holders' facts no longer give it —
// someone joined, left or changed role meanwhile.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { type ActorFacts, type FactsChange, fingerprintOf, type HolderChange, type ImpactPreview } from '../engine/index.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Db } from '../operations/operation.ts';
import { loadActorFacts } from './load-actor.ts';

interface Holder {
  readonly userId: string;
  readonly name: string;
  readonly facts: ActorFacts;
}

/** The holders, by name, with their facts as the engine reads them (provenance included). */
async function holdersOf(ctx: GatehouseContext, db: Db, holders: Prisma.UserWhereInput): Promise<Holder[]> {
  const users = await db.user.findMany({ where: holders, select: { id: true, firstName: true, lastName: true }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }] });
  const found: Holder[] = [];
  for (const user of users) found.push({ userId: user.id, name: `${user.firstName} ${user.lastName}`.trim(), facts: await loadActorFacts(ctx.reads, user.id, { provenance: true }) });
  return found;
}

export async function previewChange(ctx: GatehouseContext, db: Db, holders: Prisma.UserWhereInput, change: FactsChange): Promise<ImpactPreview> {
  const changes: HolderChange[] = (await holdersOf(ctx, db, holders)).map((holder) => ({ userId: holder.userId, name: holder.name, before: holder.facts, after: change(holder.facts) }));
  return ctx.engine.previewImpact(changes, { now: ctx.config.now() });
}

/** The save's check: the preview it carries was made on the holders as they are now. */
export async function stalePreview(ctx: GatehouseContext, db: Db, holders: Prisma.UserWhereInput, previewVersion: string, what: string): Promise<GatehouseError | null> {
  const now = fingerprintOf((await holdersOf(ctx, db, holders)).map((holder) => holder.facts));
  return now === previewVersion ? null : new GatehouseError('CONFLICT', `${what} has changed since the preview: preview the change again before saving`);
}

/** A save's `previewVersion`: the version its preview answered. */
export const previewVersion = z.string().regex(/^[0-9a-f]{16}$/, 'the version an impact preview answered');

const permissionImpact = z.object({ permission: z.string(), label: z.string(), holders: z.number().int(), first: z.array(z.string()) });

export const impactPreviewView = z.object({
  holders: z.number().int(),
  affected: z.number().int(),
  firstAffected: z.array(z.string()),
  gains: z.array(permissionImpact),
  losses: z.array(permissionImpact),
  /** Sent back as the save's `previewVersion`. */
  version: z.string(),
});

/** The preview as the REST API and the panel answer it. */
export function impactAnswer(preview: ImpactPreview): z.infer<typeof impactPreviewView> {
  return {
    holders: preview.holders,
    affected: preview.affected,
    firstAffected: [...preview.firstAffected],
    gains: preview.gains.map((entry) => ({ ...entry, first: [...entry.first] })),
    losses: preview.losses.map((entry) => ({ ...entry, first: [...entry.first] })),
    version: preview.fingerprint,
  };
}
