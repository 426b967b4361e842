// A user's passkeys as stored and as shown. The public key is not a secret, but nothing beyond the
// fields below ever leaves (R-PASSKEY-1): lists name a passkey by its row id, never by the
// credential id or key, and the transports are the authenticator's own words (usb, internal…).
import { z } from 'zod';
import type { AuthenticatorTransportFuture, WebAuthnCredential } from '@simplewebauthn/server';
import { parseStringList } from '../authz/json-columns.ts';
import type { Db } from '../operations/operation.ts';

export interface PasskeyRow {
  readonly id: string;
  readonly userId: string;
  readonly credentialId: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: string;
  readonly deviceType: string;
  readonly backedUp: boolean;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export const passkeyView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  deviceType: z.enum(['singleDevice', 'multiDevice']).describe('multiDevice: synced between the devices of one account'),
  backedUp: z.boolean(),
  transports: z.array(z.string()),
});

export type PasskeyView = z.infer<typeof passkeyView>;

export const passkeyListView = z.object({ items: z.array(passkeyView), total: z.number() });

export interface PasskeyList {
  readonly items: PasskeyView[];
  readonly total: number;
}

export function viewOf(row: PasskeyRow): PasskeyView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    deviceType: row.deviceType === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backedUp: row.backedUp,
    transports: parseStringList(row.transports),
  };
}

export async function passkeysOf(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db.passkey.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export async function passkeyListOf(db: Db, userId: string): Promise<PasskeyList> {
  const items = (await passkeysOf(db, userId)).map(viewOf);
  return { items, total: items.length };
}

export const transportsOf = (row: Pick<PasskeyRow, 'transports'>): AuthenticatorTransportFuture[] => parseStringList(row.transports) as AuthenticatorTransportFuture[];

/** The stored credential as SimpleWebAuthn verifies against it. */
export function credentialOf(row: PasskeyRow, counter = row.counter): WebAuthnCredential {
  return { id: row.credentialId, publicKey: new Uint8Array(row.publicKey), counter, transports: transportsOf(row) };
}

/** A name for a passkey: what the user typed, trimmed; the same limits wherever a name is given. */
export const passkeyName = z.string().trim().min(1, 'Give the passkey a name').max(60).describe('How you tell your passkeys apart, e.g. "Work laptop"');

/** A passkey named by its id from the passkeys list. */
export const passkeyIdInput = z.string().min(1).max(64).describe('The id from the passkeys list');
