// The world the adversarial suite attacks: two root organisations (A and B), each with a
// sub-organisation, and one user per role of the preset in A. Everyone signs in through the REST
// API like a real client.
import { currentTotpCode } from '../../src/auth/totp.ts';
import { presets } from '../../src/presets/index.ts';
import type { Preset, PresetId } from '../../src/presets/types.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

export const WORLD_PASSWORD = 'Adversarial-Pass-2026!';

export interface WorldUser {
  readonly id: string;
  readonly username: string;
  readonly roleKey: string;
  readonly organizationId: string;
  readonly owner: boolean;
}

export interface World {
  readonly t: TestSetup;
  readonly preset: Preset;
  readonly orgs: { readonly a: string; readonly a1: string; readonly a2: string; readonly b: string; readonly b1: string };
  /** One user per assignable role in A (owner: the preset's owner role). */
  readonly members: readonly WorldUser[];
  /** B's owner and one more member, whose data must never reach A. */
  readonly outsiders: readonly WorldUser[];
  /** Every organisation with its parent, for the oracle's sub-organisation reach. */
  readonly organisations: { id: string; parentId: string | null }[];
  /** Everyone created so far. */
  readonly everyone: WorldUser[];
  /** Creates another member in A; a unique role gets a fresh sub-organisation of A, so it stays creatable. */
  addMember(roleKey: string, organizationId?: string): Promise<WorldUser>;
  /** A new sub-organisation of A. */
  addOrganization(): Promise<string>;
  client(user: WorldUser): Promise<ApiClient>;
  /** A new sign-in, for tests that run after the clock moved past the session's lifetime. */
  freshClient(user: WorldUser): Promise<ApiClient>;
  close(): Promise<void>;
}

let counter = 0;

export async function buildWorld(presetId: PresetId, options: Parameters<typeof setup>[0] = {}): Promise<World> {
  const preset = presets[presetId] as unknown as Preset;
  const t = await setup({ preset: presetId, signInRateLimit: false, ...options });
  const ctx = t.gatehouse.context;
  const a = (await createOrganization(ctx, { name: 'Org A' })).id;
  const a1 = (await createOrganization(ctx, { name: 'Org A1', parentId: a })).id;
  const a2 = (await createOrganization(ctx, { name: 'Org A2', parentId: a })).id;
  const b = (await createOrganization(ctx, { name: 'Org B' })).id;
  const b1 = (await createOrganization(ctx, { name: 'Org B1', parentId: b })).id;
  const clients = new Map<string, ApiClient>();
  const organisations = [
    { id: a, parentId: null },
    { id: a1, parentId: a },
    { id: a2, parentId: a },
    { id: b, parentId: null },
    { id: b1, parentId: b },
  ];
  const everyone: WorldUser[] = [];

  async function add(roleKey: string, organizationId: string, owner = false): Promise<WorldUser> {
    counter += 1;
    const username = `${roleKey.toLowerCase()}.${counter}`;
    const { id } = await createMember(ctx, { email: `${username}@world.test`, username, firstName: roleKey, lastName: String(counter), password: WORLD_PASSWORD }, [
      { organizationId, roleKey, owner },
    ]);
    const user = { id, username, roleKey, organizationId, owner };
    everyone.push(user);
    return user;
  }

  async function addOrganization(): Promise<string> {
    counter += 1;
    const sub = (await createOrganization(ctx, { name: `Org A sub ${counter}`, parentId: a })).id;
    organisations.push({ id: sub, parentId: a });
    return sub;
  }

  async function clientOf(user: WorldUser): Promise<ApiClient> {
    let client = clients.get(user.id);
    if (!client) {
      // Seed 000 gives everyone a second factor: enrol the authenticator at the first sign-in.
      client = await signIn(t.app, user.username, WORLD_PASSWORD, async (challenge) => {
        if (!challenge.totp) throw new Error(`${user.username}: expected a TOTP enrolment`);
        return currentTotpCode(ctx, challenge.totp.secret);
      });
      clients.set(user.id, client);
    }
    return client;
  }

  const members: WorldUser[] = [await add(preset.ownerRoleKey, a, true)];
  for (const role of preset.roles) {
    if (role.key === preset.ownerRoleKey || role.ownerOnly) continue;
    members.push(await add(role.key, role.uniquePerOrganization ? a1 : a));
  }
  const outsiders = [await add(preset.ownerRoleKey, b, true)];
  const plain = preset.roles.find((role) => !role.ownerOnly && !role.uniquePerOrganization && role.key !== preset.ownerRoleKey);
  if (plain) outsiders.push(await add(plain.key, plain.custom ? b : b1));

  return {
    t,
    preset,
    orgs: { a, a1, a2, b, b1 },
    members,
    outsiders,
    organisations,
    everyone,
    addOrganization,
    async addMember(roleKey, organizationId) {
      const role = preset.roles.find((candidate) => candidate.key === roleKey);
      if (organizationId === undefined && role?.uniquePerOrganization) return add(roleKey, await addOrganization());
      return add(roleKey, organizationId ?? a);
    },
    client: clientOf,
    freshClient(user) {
      clients.delete(user.id);
      return clientOf(user);
    },
    close: () => t.close(),
  };
}
