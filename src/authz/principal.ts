import type { Actor } from '../engine/types.ts';

/** Who is calling a service: the signed-in user (session or API key) with their compiled permissions. */
export interface Principal {
  readonly userId: string;
  readonly actor: Actor;
  readonly via: 'session' | 'api-key';
  /** The client address as Express resolved it (honouring `trust proxy` only when the host set it). */
  readonly ip: string;
  /**
   * While support acts as this user (R-IMP-1): the person really signed in. The engine decides as
   * `userId` would; the audit trail names both (src/impersonation/audit.ts).
   */
  readonly impersonator?: Impersonator;
}

export interface Impersonator {
  readonly userId: string;
  /** Name and e-mail, for the panel's banner. */
  readonly name: string;
  readonly email: string;
  /** ms since epoch: when the session returns to the impersonator. */
  readonly endsAt: number;
}
