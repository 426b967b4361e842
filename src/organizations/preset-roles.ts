// Roles that a preset creates inside each new root organisation (seed 004's custom and legacy
// roles), as opposed to the built-in roles shared by every organisation.
import { serializeGrants } from '../authz/grant-codec.ts';
import type { Prisma } from '../db/client.ts';
import { toGrant } from '../presets/define.ts';
import type { Preset } from '../presets/types.ts';
import { presetPolicyId } from '../roles/sync-preset.ts';

export async function createPresetCustomRoles(tx: Prisma.TransactionClient, preset: Preset, organizationId: string): Promise<void> {
  for (const role of preset.roles.filter((candidate) => candidate.custom)) {
    await tx.role.create({
      data: {
        key: role.key,
        name: role.name,
        description: role.description,
        organizationId,
        kind: 'CUSTOM',
        protected: role.protected ?? false,
        uniquePerOrganization: role.uniquePerOrganization ?? false,
        ownerOnly: role.ownerOnly ?? false,
        readOnly: role.readOnly ?? false,
        includesSubOrganizations: role.includesSubOrganizations ?? false,
        legacyPermissions: role.legacy ? serializeGrants(role.permissions.map(toGrant)) : null,
        policies: role.legacy ? {} : { create: (role.policies ?? []).map((key) => ({ policyId: presetPolicyId(key) })) },
      },
    });
  }
}
