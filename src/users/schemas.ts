// The REST shapes of the user routes: strict (unknown fields are 400), bounded, trimmed.
import { z } from 'zod';
import { previewVersion } from '../authz/impact-preview.ts';
import { emailInput as email, ipAllowlistInput, optionalTextInput as optionalText, passwordInput as password, personNameInput as name, usernameInput as username } from '../http/inputs.ts';
import { accessEndInput } from './operations/access-end-input.ts';
import { decodeCursor } from './search-cursor.ts';
import { MAX_PAGE_SIZE } from './search.ts';

export const id = z.string().min(1).max(64);
export const idParams = z.strictObject({ id });

export const createUserBody = z.strictObject({
  username,
  email,
  firstName: name,
  lastName: name,
  phone: optionalText,
  fax: optionalText,
  address: optionalText,
  postalAddress: optionalText,
  password: password.optional().describe('Active user, nothing sent; leave out to send a set-your-password invitation (R-INV-3)'),
  organizationId: id,
  roleId: id,
  accessRights: z.array(z.string().min(1).max(64)).max(100).optional().describe('Access-right bundles to keep on; default all the role allows'),
  ipAllowlist: ipAllowlistInput.optional(),
});

export const updateUserBody = z
  .strictObject({
    firstName: name.optional(),
    lastName: name.optional(),
    phone: optionalText,
    fax: optionalText,
    address: optionalText,
    postalAddress: optionalText,
    username: username.optional(),
    email: email.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'Nothing to change');

/** A `next` or `previous` of an earlier answer; anything else is 400, never a failed query. */
const searchCursor = z
  .string()
  .max(2000)
  .transform((text, context) => {
    const cursor = decodeCursor(text);
    if (cursor === null) context.addIssue({ code: 'custom', message: 'not a cursor of this search: use the next or previous of an earlier answer' });
    return cursor ?? z.NEVER;
  });

export const searchQuery = z
  .strictObject({
    username: z.string().max(100).optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    email: z.string().max(320).optional(),
    organizationId: id.optional(),
    subOrganizations: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe("With organizationId: the members of the organisations below it (in the caller's reach) match too"),
    role: z.string().min(1).max(64).optional().describe('Role id or key'),
    status: z.enum(['enabled', 'disabled', 'locked', 'invited']).optional(),
    page: z
      .union([z.literal('last'), z.coerce.number().int().min(1).max(1_000_000)])
      .optional()
      .describe('A page number, or `last` (R-SEARCH-2)'),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: searchCursor.optional().describe("The answer's `next` or `previous`: that page, without counting the rows before it (R-SEARCH-2)"),
  })
  .refine((query) => query.cursor === undefined || query.page === undefined, { message: 'Give page or cursor, not both', path: ['cursor'] });

export const setPasswordBody = z.strictObject({ password, currentPassword: password.optional().describe('Only when setting your own') });
export const setMfaBody = z.strictObject({ method: z.enum(['NONE', 'TOTP', 'EMAIL']) });
/** A role change as previewed (R-POL-2)… */
export const roleChangeImpactBody = z.strictObject({ organizationId: id, roleId: id });
/** …and as saved: with an end (R-EXP-1), and the version its preview answered, when there was one. */
export const changeRoleBody = roleChangeImpactBody.extend({
  // Not nullable: an empty field of the panel's form keeps the end; removing it is R-EXP-3's operation.
  expiresAt: accessEndInput.optional().describe('When the membership ends (R-EXP-1); left out: its end stays as it is (PUT /users/{id}/access-end removes it)'),
  previewVersion: previewVersion.optional(),
});
/** R-EXP-3: a membership's new end, or null to remove it. */
export const accessEndBody = z.strictObject({
  organizationId: id,
  expiresAt: accessEndInput.nullable().optional().describe('The new end, in the future; null or left out: the membership no longer ends'),
});
/** `{ product: ['12', '40'] }` limits a membership to those instances; null lifts the limit (R-SCOPE-1). */
export const scopeBody = z.strictObject({
  organizationId: id,
  scope: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a resource name'), z.array(z.string().trim().min(1).max(128)).max(1000))
    .refine((scope) => Object.keys(scope).length <= 50, 'at most 50 resources')
    .nullable(),
});
export const accessRightsImpactBody = z.strictObject({ organizationId: id, accessRights: z.array(z.string().min(1).max(64)).max(100) });
export const accessRightsBody = accessRightsImpactBody.extend({ previewVersion: previewVersion.optional() });
export const accessRightsQuery = z.strictObject({ organizationId: id });
export const organizationsBody = z.strictObject({
  organizations: z.array(z.strictObject({ organizationId: id, roleId: id.optional(), expiresAt: accessEndInput.optional().describe('For a new membership: when it ends (R-EXP-1)') })).max(500),
});
