import type { Actor } from '../engine/types.ts';

/** Who is calling a service: the signed-in user (session or API key) with their compiled permissions. */
export interface Principal {
  readonly userId: string;
  readonly actor: Actor;
  readonly via: 'session' | 'api-key';
  /** The client address as Express resolved it (honouring `trust proxy` only when the host set it). */
  readonly ip: string;
}
