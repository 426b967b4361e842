// REST routes of invitations: invite, list, resend, revoke (signed in, decided by the engine) and
// preview/accept (public: the token is the credential). Tokens travel in bodies, never in URLs
// that end up in access logs.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { acceptInvitation, previewInvitation } from './accept.ts';
import { operationRoutes } from '../operations/rest.ts';
import { listInvitations } from './list.ts';
import { invitationOperations } from './operations/index.ts';
import { acceptBody, listQuery, tokenBody } from './schema.ts';
import { invitationView } from './view.ts';

const tag = 'invitations';

export function invitationRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/invitations',
      summary: 'Invitations of the organisations you may view users in; expired ones show as EXPIRED',
      tag,
      access: 'signed-in',
      query: listQuery,
      response: z.object({ items: z.array(invitationView), total: z.number(), page: z.number(), pageSize: z.number() }),
      handle: ({ query, principal }) => listInvitations(ctx, principal, query),
    }),
    ...operationRoutes(ctx, invitationOperations),
    defineRoute({
      method: 'post',
      path: '/invitations/preview',
      summary: 'What a live invitation link is for, and which form the accept page should show',
      tag,
      access: 'public',
      body: tokenBody,
      errors: [410],
      handle: ({ body }) => previewInvitation(ctx, body.token),
    }),
    defineRoute({
      method: 'post',
      path: '/invitations/accept',
      summary: 'Accept an invitation: create the account, set its first password, or join with an existing account (R-INV-1, R-INV-2, R-INV-3)',
      tag,
      access: 'public',
      body: acceptBody,
      errors: [401, 409, 410, 423],
      handle: ({ body, principal, ip }) => acceptInvitation(ctx, body, principal?.userId ?? null, ip),
    }),
  ];
}
