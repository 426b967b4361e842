// The escalation matrix: for a preset, every (actor role × action × target role) through the
// REST API, compared with the oracle's expected decision. Each pair gets a fresh target so that
// one allowed action (a lock) cannot change the next one's answer.
import type { ApiClient } from '../support/agent.ts';
import { type Expected, expectedDecision, type UserAction, userActions } from './oracle.ts';
import { report } from './report.ts';
import type { World, WorldUser } from './world.ts';

export type Channel = (client: ApiClient, action: UserAction, target: WorldUser) => Promise<number>;

/** The REST route of each user action. */
export const restChannel: Channel = async (client, action, target) => {
  const path = `/users/${target.id}`;
  const response = await (() => {
    switch (action.name) {
      case 'view':
        return client.call('get', path);
      case 'setMfa':
        return client.call('put', `${path}/mfa`, { method: 'EMAIL' });
      case 'resetPassword':
        return client.call('post', `${path}/reset-password`);
      default:
        return client.call('post', `${path}/${action.name}`);
    }
  })();
  return response.status;
};

/**
 * The same actions through AdminJS's own API, on the same session (one sign-in serves both). The
 * panel answers a refusal with an error notice (status 200) or 404/403; each is read back as the
 * outcome the REST API would give.
 */
export const panelChannel: Channel = async (client, action, target) => {
  const base = `/admin/api/resources/User/records/${target.id}`;
  const response =
    action.name === 'view'
      ? await client.agent.get(`${base}/show`)
      : await client.agent.post(`${base}/${action.name}`).set('x-csrf-token', client.csrfToken).send({ input: JSON.stringify(action.name === 'setMfa' ? { method: 'EMAIL' } : {}) });
  if (response.status !== 200) return response.status;
  const notice = response.body?.notice as { type?: string; message?: string } | undefined;
  if (notice?.type === 'error') return /not found|cannot be found|no such|does not exist/i.test(notice.message ?? '') ? 404 : 403;
  if (action.name === 'view' && !response.body?.record) return 404;
  return 200;
};

function outcomeOf(status: number): Expected | 'error' {
  if (status >= 200 && status < 300) return 'allowed';
  if (status === 403) return 'denied';
  if (status === 404) return 'not-found';
  return 'error';
}

function agrees(expected: Expected, actual: Expected | 'error'): boolean {
  // A denial may also be answered 404 when the actor may not even see the target (R-TENANT-1 / no user.view).
  return expected === actual || (expected === 'denied' && actual === 'not-found');
}

export async function runEscalationMatrix(world: World, channel: Channel, label: string): Promise<void> {
  const targetRoles = world.preset.roles.filter((role) => !role.ownerOnly).map((role) => role.key);
  for (const actor of world.members) {
    const client = await world.client(actor);
    for (const targetRole of targetRoles) {
      const targets = [await world.addMember(targetRole)];
      // The owner, and an outsider of organisation B, are targets too.
      if (targetRole === targetRoles[0]) targets.push(world.members[0] as WorldUser, ...world.outsiders);
      for (const target of targets) {
        if (target.id === actor.id) continue;
        for (const action of userActions) {
          const expected = expectedDecision(world.preset, actor, action, target, world);
          const status = await channel(client, action, target);
          report.combinations += 1;
          const actual = outcomeOf(status);
          if (!agrees(expected, actual)) {
            report.mismatches.push(`${label} ${world.preset.id}: ${actor.roleKey}${actor.owner ? ' (owner)' : ''} → ${action.name} → ${target.roleKey}${target.owner ? ' (owner)' : ''} in ${target.organizationId === world.orgs.a ? 'A' : target.organizationId === world.orgs.b ? 'B' : 'sub-org'}: expected ${expected}, got ${status}`);
          }
        }
      }
    }
  }
}
