// What Gatehouse's middleware learns about a request, kept on res.locals under one key.
import type { Response } from 'express';
import type { Principal } from '../authz/principal.ts';

export interface RequestState {
  principal: Principal | null;
  /** Why a session that came with the request was ended by authenticate (R-SESS-1). */
  sessionEnded: string | null;
  /** The signed-in user's name and e-mail, for the panel's header. */
  profile: { readonly email: string; readonly firstName: string; readonly lastName: string } | null;
}

const KEY = 'gatehouse';

export function requestState(res: Response): RequestState {
  const locals = res.locals as Record<string, RequestState | undefined>;
  let state = locals[KEY];
  if (!state) {
    state = { principal: null, sessionEnded: null, profile: null };
    locals[KEY] = state;
  }
  return state;
}
