// A policy edit's preview (R-POL-2): over every holder of every role carrying the policy.
import { holdersOfPolicy } from '../authz/access-version.ts';
import { previewChange, stalePreview } from '../authz/impact-preview.ts';
import type { GatehouseContext } from '../context.ts';
import { type Grant, type ImpactPreview, policyEdited } from '../engine/index.ts';
import type { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Db } from '../operations/operation.ts';

export function policyEditImpact(ctx: GatehouseContext, db: Db, policyId: string, grants: readonly Grant[]): Promise<ImpactPreview> {
  return previewChange(ctx, db, holdersOfPolicy(policyId), policyEdited(policyId, grants));
}

export function stalePolicyPreview(ctx: GatehouseContext, db: Db, policyId: string, version: string): Promise<GatehouseError | null> {
  return stalePreview(ctx, db, holdersOfPolicy(policyId), version, 'Who holds this policy');
}
