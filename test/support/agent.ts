// A signed-in REST client for tests: signs in through POST /api/v1/auth/login and sends the CSRF
// token with every state-changing request, as a browser front end would.
import type { Express } from 'express';
import request from 'supertest';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiClient {
  readonly agent: ReturnType<typeof request.agent>;
  readonly csrfToken: string;
  readonly userId: string;
  /** `path` is relative to /admin/api/v1. */
  call(method: Method, path: string, body?: unknown): Promise<request.Response>;
}

export const API = '/admin/api/v1';

/** The second step's challenge as POST /auth/login answers it (`totp` while enrolling). */
export interface SecondFactorChallenge {
  readonly method: 'TOTP' | 'EMAIL';
  readonly enrol: boolean;
  readonly totp?: { readonly secret: string };
}

/**
 * Signs in through the REST API. When the account asks for a second factor, `secondFactor` gives
 * the code (from the authenticator secret or the outbox), as the user would type it.
 */
export async function signIn(
  app: Express,
  identifier: string,
  password: string,
  secondFactor?: (challenge: SecondFactorChallenge) => Promise<string>,
  options: { readonly userAgent?: string } = {},
): Promise<ApiClient> {
  const agent = request.agent(app);
  // Sent with every request of this client, as a browser sends its own.
  if (options.userAgent !== undefined) agent.set('user-agent', options.userAgent);
  let login = await agent.post(`${API}/auth/login`).send({ identifier, password });
  if (login.status === 200 && login.body.status === 'second-factor-required' && secondFactor) {
    login = await agent.post(`${API}/auth/mfa`).send({ code: await secondFactor(login.body as SecondFactorChallenge) });
  }
  if (login.status !== 200 || login.body.status !== 'signed-in') {
    throw new Error(`sign-in of ${identifier} failed: ${login.status} ${JSON.stringify(login.body)}`);
  }
  const csrfToken = login.body.csrfToken as string;
  return {
    agent,
    csrfToken,
    userId: login.body.userId as string,
    call(method, path, body) {
      const pending = agent[method](`${API}${path}`);
      if (method !== 'get') pending.set('x-csrf-token', csrfToken);
      return body === undefined ? pending : pending.send(body as object);
    },
  };
}
