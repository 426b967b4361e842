// The relying party a passkey is bound to (R-PASSKEY-1, R-PASSKEY-2): its id is the host name of
// the configured public URL and the only origin accepted is that URL's origin, so a passkey made
// for this site answers nowhere else, and an answer made on another origin is refused here.
import type { GatehouseConfig } from '../config/resolve.ts';

export interface RelyingParty {
  /** The WebAuthn RP ID: a domain (`localhost` in development), never an address with a port. */
  readonly id: string;
  /** The origin every clientDataJSON must name. */
  readonly origin: string;
  /** What the browser shows the user when it asks for the passkey. */
  readonly name: string;
}

export function relyingParty(config: Pick<GatehouseConfig, 'publicUrl' | 'productName'>): RelyingParty {
  const url = new URL(config.publicUrl);
  return { id: url.hostname, origin: url.origin, name: config.productName };
}
