// The browser's answers as @simplewebauthn/browser hands them over (RegistrationResponseJSON,
// AuthenticationResponseJSON), validated before anything reads them: base64url text of bounded
// length, so that a malformed answer is a 400 that changes nothing, never a thrown parse error.
import { z } from 'zod';
import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'base64url');
const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8);
const common = {
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

export const registrationResponse = z
  .object({
    ...common,
    response: z.object({
      clientDataJSON: base64url(4096),
      attestationObject: base64url(65_536),
      authenticatorData: base64url(65_536).optional(),
      transports: transports.optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url(4096).optional(),
    }),
  })
  .describe("What the browser's navigator.credentials.create answered (@simplewebauthn/browser startRegistration)");

export const authenticationResponse = z
  .object({
    ...common,
    response: z.object({
      clientDataJSON: base64url(4096),
      authenticatorData: base64url(65_536),
      signature: base64url(1024),
      userHandle: base64url(256).optional(),
    }),
  })
  .describe("What the browser's navigator.credentials.get answered (@simplewebauthn/browser startAuthentication)");

export const asRegistrationJson = (value: z.output<typeof registrationResponse>): RegistrationResponseJSON => ({
  ...value,
  response: { ...value.response, transports: value.response.transports as AuthenticatorTransportFuture[] | undefined },
});

export const asAuthenticationJson = (value: z.output<typeof authenticationResponse>): AuthenticationResponseJSON => value as AuthenticationResponseJSON;

/** The challenge a clientDataJSON names, or null when it is not the JSON a browser writes. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' && parsed.challenge.length <= 512 ? parsed.challenge : null;
  } catch {
    return null;
  }
}
