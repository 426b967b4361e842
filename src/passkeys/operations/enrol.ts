// Adding a passkey (R-PASSKEY-1, R-SELF-2): the current password first (the same counted attempt as
// at sign-in, R-LOCK-1), which issues a registration challenge for this user only; then the
// browser's answer to it, verified against this site, is stored under the name the user gave.
// Each user may hold several passkeys; the authenticator is asked not to make a second one for the
// same account, and a credential already stored (for anyone) is refused.
import { z } from 'zod';
import { loadSelf, requireCurrentPassword, selfCheck, via } from '../../account/operations/self.ts';
import { reauthBody } from '../../account/schema.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import type { Principal } from '../../authz/principal.ts';
import { type Db, defineOperation } from '../../operations/operation.ts';
import type { TargetUser } from '../../users/facts.ts';
import { registrationOptions, verifyRegistration, type NewCredential } from '../ceremonies.ts';
import { issueChallenge, takeChallenge } from '../challenges.ts';
import { passkeyName, passkeysOf, passkeyView, viewOf } from '../credentials.ts';
import { relyingParty } from '../relying-party.ts';
import { asRegistrationJson, challengeOf, registrationResponse } from '../responses.ts';

/** Enough for a phone, a laptop and a few keys each; a bound keeps the list and the options small. */
export const MAX_PASSKEYS = 20;

/** What both steps load, ask and refuse: the caller, and room for one more passkey. */
interface Enrolling {
  readonly user: TargetUser;
  readonly count: number;
}

const enrolling = {
  load: async (db: Db, { who }: { who: Principal }): Promise<Enrolling> => ({ user: await loadSelf(db, who.userId), count: await db.passkey.count({ where: { userId: who.userId } }) }),
  checks: ({ user }: Enrolling) => [selfCheck('user.setMfa', user, { method: 'PASSKEY' })],
  refuse: ({ count }: Enrolling) => (count >= MAX_PASSKEYS ? new GatehouseError('CONFLICT', `You have ${MAX_PASSKEYS} passkeys, the most one account may hold; remove one first`) : null),
};

export const startPasskeyEnrolment = defineOperation({
  key: 'account.startPasskey',
  permission: 'user.setMfa',
  label: 'Add a passkey',
  summary: 'Start adding a passkey: answers the options for navigator.credentials.create, valid 5 minutes, once (R-PASSKEY-1)',
  rules: ['R-PASSKEY-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: reauthBody,
  rest: { method: 'post', path: '/me/passkeys/options', tag: 'account', response: z.object({ options: z.record(z.string(), z.unknown()).describe('PublicKeyCredentialCreationOptionsJSON, for @simplewebauthn/browser startRegistration') }), errors: [409] },
  panel: { resource: 'User', name: 'startPasskey', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, then: 'stay', done: () => 'Follow your browser to create the passkey' },
  // Nothing about the account changes until the answer is verified and stored.
  audit: false,
  ...enrolling,
  prepare: ({ user }, { ctx, who, input }) => requireCurrentPassword(ctx, who, user, input.currentPassword),
  async apply(tx, _facts, { ctx, who }) {
    const person = await tx.user.findUniqueOrThrow({ where: { id: who.userId }, select: { email: true, firstName: true, lastName: true } });
    const challenge = await issueChallenge(tx, ctx, 'registration', who.userId);
    return registrationOptions(relyingParty(ctx.config), { userId: who.userId, email: person.email, displayName: displayName(person), existing: await passkeysOf(tx, who.userId) }, challenge);
  },
  view: (options) => ({ options }),
});

export const addPasskey = defineOperation({
  key: 'account.addPasskey',
  permission: 'user.setMfa',
  label: 'Save the passkey',
  summary: "Store the passkey the browser created for the challenge POST /me/passkeys/options issued, under the name given (R-PASSKEY-1)",
  rules: ['R-PASSKEY-1', 'R-SELF-2'],
  self: true,
  input: z.strictObject({ name: passkeyName, response: registrationResponse }),
  rest: { method: 'post', path: '/me/passkeys', status: 201, tag: 'account', response: passkeyView, errors: [409, 410] },
  panel: { resource: 'User', name: 'addPasskey', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: (result) => `The passkey “${(result as { name: string }).name}” is added` },
  audit: { targetType: 'user' },
  ...enrolling,
  // The challenge is spent before the answer is checked: a wrong answer cannot be retried with it.
  async prepare(_facts, { ctx, who, input }): Promise<NewCredential> {
    const challenge = challengeOf(input.response.response.clientDataJSON);
    if (!challenge || !(await takeChallenge(ctx.prisma, ctx, challenge, 'registration', who.userId))) {
      throw new GatehouseError('TOKEN_INVALID', 'This passkey request is used or has expired; start again with POST /me/passkeys/options');
    }
    const credential = await verifyRegistration(relyingParty(ctx.config), asRegistrationJson(input.response), challenge);
    if (!credential) throw new GatehouseError('INVALID_INPUT', 'The browser’s answer is not a valid passkey for this site');
    return credential;
  },
  apply: (tx, _facts, { who, input, prepared }) =>
    tx.passkey.create({
      data: {
        userId: who.userId,
        name: input.name,
        credentialId: prepared.credentialId,
        publicKey: prepared.publicKey,
        counter: prepared.counter,
        transports: JSON.stringify(prepared.transports),
        deviceType: prepared.deviceType,
        backedUp: prepared.backedUp,
      },
    }),
  uniqueViolations: [{ field: 'credentialId', error: () => new GatehouseError('CONFLICT', 'This passkey is already registered') }],
  auditTarget: (_row, { who }) => who.userId,
  auditDetails: (_facts, row, { who }) => ({ ...via(who), passkeyId: row.id, passkeyName: row.name }),
  view: viewOf,
});

const displayName = (person: { firstName: string; lastName: string; email: string }): string =>
  [person.firstName, person.lastName].filter((part) => part && part !== '-').join(' ') || person.email;
