// POST /email-change/confirm (public; R-EMAIL-2): the token of the link an e-mail change sent to
// the new address. The token is the credential, as for a password reset.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { tokenInput } from '../tokens/token.ts';
import { confirmEmailChange } from './confirm.ts';

const confirmBody = z.strictObject({ token: tokenInput });

export function emailChangeRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/email-change/confirm',
      summary: 'Confirm an e-mail change with the token of the link sent to the new address (R-EMAIL-2); the address changes only now',
      tag: 'email-change',
      access: 'public',
      body: confirmBody,
      status: 204,
      errors: [409, 410],
      async handle({ body, ip }) {
        await confirmEmailChange(ctx, body.token, ip);
      },
    }),
  ];
}
