// A passkey authenticator in software, for tests: a P-256 key pair from node:crypto, and the
// WebAuthn answers a browser would hand over (attestation "none", clientDataJSON, authenticator
// data, an ECDSA signature), CBOR-encoded with the encoder @simplewebauthn/server ships. `clone()`
// copies the credential with its counter, as a cloned authenticator would answer.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array | Buffer | string): string => Buffer.from(bytes as Uint8Array).toString('base64url');
const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

interface Options {
  readonly origin: string;
  readonly rpId: string;
  /** Whether the authenticator verifies the user (PIN, biometric); default true. */
  readonly verifiesUser?: boolean;
}

export interface CreationOptions {
  readonly challenge: string;
  readonly user: { readonly id: string };
}

export class SoftwareAuthenticator {
  readonly credentialId: Buffer;
  #privateKey: KeyObject;
  #cose: Uint8Array;
  #counter: number;
  #userHandle = '';

  constructor(
    readonly options: Options,
    state?: { credentialId: Buffer; privateKey: KeyObject; cose: Uint8Array; counter: number; userHandle: string },
  ) {
    if (state) {
      this.credentialId = state.credentialId;
      this.#privateKey = state.privateKey;
      this.#cose = state.cose;
      this.#counter = state.counter;
      this.#userHandle = state.userHandle;
      return;
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    this.credentialId = randomBytes(16);
    this.#privateKey = privateKey;
    // COSE_Key: kty EC2, alg ES256, crv P-256, x, y.
    this.#cose = isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    this.#counter = 0;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  get counter(): number {
    return this.#counter;
  }

  /** Another authenticator holding the same key and counter. */
  clone(): SoftwareAuthenticator {
    return new SoftwareAuthenticator(this.options, { credentialId: this.credentialId, privateKey: this.#privateKey, cose: this.#cose, counter: this.#counter, userHandle: this.#userHandle });
  }

  /** The PublicKeyCredential as JSON around one ceremony's response. */
  #credential<R>(response: R) {
    return { id: this.id, rawId: this.id, type: 'public-key' as const, authenticatorAttachment: 'platform' as const, clientExtensionResults: {}, response };
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = this.options.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  #flags(extra: number, verified = this.options.verifiesUser !== false): number {
    return FLAG_UP | (verified ? FLAG_UV : 0) | extra;
  }

  #counterBytes(): Buffer {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(this.#counter);
    return bytes;
  }

  /** What navigator.credentials.create answers (RegistrationResponseJSON). */
  register(creation: CreationOptions, options: { origin?: string } = {}) {
    this.#userHandle = creation.user.id;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([sha256(this.options.rpId), Buffer.from([this.#flags(FLAG_AT)]), this.#counterBytes(), Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.#cose)]);
    const attestationObject = isoCBOR.encode(new Map<string, string | Uint8Array | Map<string, string>>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', new Uint8Array(authData)]]));
    return this.#credential({ clientDataJSON: b64url(this.#clientData('webauthn.create', creation.challenge, options.origin)), attestationObject: b64url(attestationObject), transports: ['internal' as const] });
  }

  /** What navigator.credentials.get answers (AuthenticationResponseJSON); the counter grows first, unless told to stay. */
  assert(challenge: string, options: { origin?: string; keepCounter?: boolean; userHandle?: string | null; userVerified?: boolean } = {}) {
    if (!options.keepCounter) this.#counter += 1;
    const authData = Buffer.concat([sha256(this.options.rpId), Buffer.from([this.#flags(0, options.userVerified)]), this.#counterBytes()]);
    const clientDataJSON = this.#clientData('webauthn.get', challenge, options.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.#privateKey);
    const userHandle = options.userHandle === undefined ? this.#userHandle : options.userHandle;
    return this.#credential({ clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), ...(userHandle ? { userHandle } : {}) });
  }
}
