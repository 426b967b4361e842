// Request schemas of the policy routes: unknown fields are rejected (docs/rest.md).
import { z } from 'zod';
import { previewVersion } from '../authz/impact-preview.ts';
import { grantInput } from '../permissions/grants.ts';
import { pageQuery } from '../permissions/paging.ts';

export const id = z.string().min(1).max(200);
export const policyName = z.string().trim().min(1).max(120);
export const description = z.string().max(2000);
// Past 100 the service answers TOO_MANY_GRANTS; this bound only keeps absurd bodies out.
const grantList = z.array(grantInput).max(1000);

export const policyParams = z.strictObject({ id });

export const listPoliciesQuery = z.strictObject({ ...pageQuery, organizationId: id.optional() });

export const createPolicyBody = z.strictObject({
  organizationId: id,
  name: policyName,
  description: description.optional(),
  grants: grantList,
});

/** The fingerprint an impact preview answered (R-POL-2): the save is refused when the holders changed since. */

export const updatePolicyBody = z
  .strictObject({ name: policyName.optional(), description: description.optional(), grants: grantList.optional(), previewVersion: previewVersion.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one of name, description, grants' });

const grantView = z.object({ permission: z.string(), condition: z.enum(['own', 'scoped']).nullable() });

export const policyView = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  organizationId: z.string().nullable(),
  preset: z.boolean(),
  grants: z.array(grantView),
  roles: z.array(z.object({ id: z.string(), name: z.string(), organizationId: z.string().nullable() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const policyImpactBody = z.strictObject({ grants: grantList });

export { impactPreviewView as policyImpactView } from '../authz/impact-preview.ts';
