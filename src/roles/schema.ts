// Request schemas of the role routes: unknown fields are rejected (docs/rest.md).
import { z } from 'zod';
import { previewVersion } from '../authz/impact-preview.ts';
import { grantInput } from '../permissions/grants.ts';
import { pageQuery } from '../permissions/paging.ts';

const id = z.string().min(1).max(200);
const roleName = z.string().trim().min(1).max(120);
const description = z.string().max(2000);
const policyIds = z.array(id).max(500);

export const roleParams = z.strictObject({ id });

export const listRolesQuery = z.strictObject({ ...pageQuery, organizationId: id.optional() });

export const memberRolesQuery = z.strictObject({ organizationId: id });

export const createRoleBody = z.strictObject({
  organizationId: id,
  name: roleName,
  description: description.optional(),
  policyIds: policyIds.default([]),
});

export const updateRoleBody = z
  .strictObject({
    name: roleName.optional(),
    description: description.optional(),
    policyIds: policyIds.optional(),
    permissions: z.array(grantInput).max(1000).optional(),
    /** With `policyIds`: the version the role's impact preview answered (R-POL-2). */
    previewVersion: previewVersion.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one of name, description, policyIds, permissions' })
  .refine((body) => body.previewVersion === undefined || body.policyIds !== undefined, { message: 'previewVersion goes with policyIds', path: ['previewVersion'] })
  .refine((body) => body.policyIds === undefined || body.permissions === undefined, {
    message: 'A role carries either inline permissions (legacy) or policies, not both',
  });

/** Exactly one of: an existing policy holding the same grants, or the name of a policy to create. */
export const migrateRoleBody = z.union([
  z.strictObject({ policyId: id }),
  z.strictObject({ policyName: z.string().trim().min(1).max(120), description: description.optional() }),
]);

const grantView = z.object({ permission: z.string(), condition: z.enum(['own', 'scoped']).nullable() });
const policyRef = z.object({ id: z.string(), name: z.string(), organizationId: z.string().nullable() });

export const roleView = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  organizationId: z.string().nullable(),
  kind: z.enum(['BUILTIN', 'CUSTOM']),
  protected: z.boolean(),
  uniquePerOrganization: z.boolean(),
  ownerOnly: z.boolean(),
  readOnly: z.boolean(),
  includesSubOrganizations: z.boolean(),
  legacy: z.boolean(),
  migratedAt: z.string().nullable(),
  inlinePermissions: z.array(grantView).nullable(),
  policies: z.array(policyRef),
  permissions: z.array(grantView),
  holderCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const migrationPreviewView = z.object({
  roleId: z.string(),
  legacy: z.boolean(),
  migratedAt: z.string().nullable(),
  permissions: z.array(grantView),
  holderCount: z.number(),
  suggestedPolicyName: z.string(),
  canCreatePolicy: z.boolean(),
  matchingPolicies: z.array(policyRef),
  otherPolicies: z.array(policyRef.extend({ reason: z.string() })),
});

/** R-ROLE-3: the member's view of an organisation's roles. */
export const memberRolesView = z.object({
  organizationId: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      builtIn: z.boolean(),
      permissions: z.array(z.object({ permission: z.string(), condition: z.enum(['own', 'scoped']).nullable(), label: z.string() })),
      held: z.boolean(),
    }),
  ),
});

/** A role's policy list as it would become, for its impact preview (R-POL-2). */
export const roleImpactBody = z.strictObject({ policyIds });
