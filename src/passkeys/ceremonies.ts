// The two WebAuthn ceremonies, on @simplewebauthn/server: the options the browser is handed, and
// the check of its answer against the relying party, the challenge and the stored credential.
// Verification failures are answers, not exceptions: whatever the library throws on a malformed or
// forged answer becomes `null`, and the callers refuse with a 4xx.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { CHALLENGE_TTL_MS } from './challenges.ts';
import { credentialOf, type PasskeyRow, transportsOf } from './credentials.ts';
import type { RelyingParty } from './relying-party.ts';

/** The library (and its ASN.1 and CBOR parsers) is loaded with the first ceremony, not with the app. */
const webauthn = () => import('@simplewebauthn/server');

export interface Enrolling {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  /** The user's passkeys: the authenticator is asked not to make a second one for the same account. */
  readonly existing: readonly PasskeyRow[];
}

/**
 * A discoverable credential (resident key) with user verification: the same passkey then serves as
 * a second factor and, on its own, as a passwordless sign-in. The user handle is the user's id
 * (a random cuid, nothing personal).
 */
export async function registrationOptions(rp: RelyingParty, user: Enrolling, challenge: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: new TextEncoder().encode(user.userId),
    userDisplayName: user.displayName,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: user.existing.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

export interface NewCredential {
  readonly credentialId: string;
  readonly publicKey: Uint8Array<ArrayBuffer>;
  readonly counter: number;
  readonly transports: string[];
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
}

/** The new credential, or null when the answer is not a valid one for this challenge and site. */
export async function verifyRegistration(rp: RelyingParty, response: RegistrationResponseJSON, challenge: string): Promise<NewCredential | null> {
  const { verifyRegistrationResponse } = await webauthn();
  try {
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!verified.verified) return null;
    const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
    };
  } catch {
    return null;
  }
}

/** Options for an assertion: naming the user's passkeys (second factor), or none (passwordless: the browser offers what it holds). */
export async function authenticationOptions(rp: RelyingParty, challenge: string, allowed: readonly PasskeyRow[] | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: challengeBytes(challenge),
    timeout: CHALLENGE_TTL_MS,
    userVerification: allowed ? 'preferred' : 'required',
    ...(allowed ? { allowCredentials: allowed.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })) } : {}),
  });
}

export type Assertion =
  | { readonly ok: true; readonly counter: number; readonly userVerified: boolean; readonly backedUp: boolean }
  /** `cloned`: the signature is right but the counter did not grow: two authenticators hold the key. */
  | { readonly ok: false; readonly cloned: boolean };

/**
 * Checks an assertion against the stored passkey. The library is given a counter of 0 so that it
 * checks the signature before the counter; the counter is then compared here, so that only a
 * correctly signed answer is ever called a clone (a forged one is merely wrong).
 */
export async function verifyAssertion(rp: RelyingParty, response: AuthenticationResponseJSON, challenge: string, passkey: PasskeyRow, requireUserVerification: boolean): Promise<Assertion> {
  const { verifyAuthenticationResponse } = await webauthn();
  let info;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: credentialOf(passkey, 0),
      requireUserVerification,
    });
    if (!verified.verified) return { ok: false, cloned: false };
    info = verified.authenticationInfo;
  } catch {
    return { ok: false, cloned: false };
  }
  if (!counterGrew(passkey.counter, info.newCounter)) return { ok: false, cloned: true };
  return { ok: true, counter: info.newCounter, userVerified: info.userVerified, backedUp: info.credentialBackedUp };
}

/**
 * WebAuthn §6.1.1: an authenticator without a counter always says 0; one with a counter must say
 * more than last time, or another copy of the credential has been used.
 */
export function counterGrew(stored: number, presented: number): boolean {
  return (stored === 0 && presented === 0) || presented > stored;
}

/** A challenge is kept as the base64url text the browser echoes in clientDataJSON; the options carry its bytes. */
const challengeBytes = (challenge: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(challenge, 'base64url'));
