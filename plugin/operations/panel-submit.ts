// What a panel action's submit does: the operation's pipeline, called like the REST route calls it,
// with the panel's record id as `:id`. It is mounted in front of AdminJS's own API, so that AdminJS's
// record lookup (scoped by the view permission) does not stand between the panel and the decision:
// the operation loads its own facts, and the engine decides — an out-of-scope record answers 404, a
// record one may see but not change 403, exactly as through REST.
import express, { type Request, type Response, type Router } from 'express';
import type { Principal } from '../../src/authz/principal.ts';
import { runOperation } from '../../src/authz/pipeline.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError, isGatehouseError } from '../../src/errors/gatehouse-error.ts';
import { problemOf } from '../../src/errors/problem.ts';
import { placementsOf } from '../../src/operations/built-in.ts';
import type { AnyOperation, PanelPlacement } from '../../src/operations/operation.ts';
import { requestState } from '../../src/http/state.ts';
import { illFormedPath, illFormedTextError } from '../../src/http/well-formed.ts';
import { errorNotice, successNotice } from '../notices.ts';
import { formInput } from './form-input.ts';

/** The payload's `input`: a JSON document, as the panel's components send it. */
function payloadInput(body: unknown): unknown {
  const text = (body as { input?: unknown } | undefined)?.input;
  if (text === undefined) return {};
  if (typeof text !== 'string') throw new GatehouseError('INVALID_INPUT', 'Send the form as `input`');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new GatehouseError('MALFORMED_JSON');
  }
  const illFormed = illFormedPath(input);
  if (illFormed !== null) throw illFormedTextError('body', illFormed);
  return input;
}

export interface Submitted {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Runs one panel submit and says what to answer: the notice, where to go next, what to show once. */
export async function submitOperation(
  ctx: GatehouseContext,
  operation: AnyOperation,
  placement: PanelPlacement,
  who: Principal,
  request: { id: string; body: unknown; req: Request | null },
): Promise<Submitted> {
  try {
    const result = await runOperation(ctx, operation, who, formInput(operation.input, payloadInput(request.body)), { id: request.id, req: request.req });
    const shown = placement.shows?.(result) ?? null;
    const resourceUrl = `${ctx.config.mountPath}/resources/${placement.resource}`;
    const then = placement.then ?? (placement.kind === 'record' ? 'show' : 'list');
    const redirectUrl =
      shown || then === 'stay' ? undefined
      : then === 'reload' ? ctx.config.mountPath
      : then === 'list' || !request.id ? resourceUrl
      : `${resourceUrl}/records/${encodeURIComponent(request.id)}/show`;
    return {
      status: 200,
      body: {
        notice: successNotice(placement.done(result)),
        data: { ...(shown ? { result: shown } : {}), ...(placement.returns ? { view: result } : {}), ...(then === 'reload' ? { reload: true } : {}) },
        ...(redirectUrl ? { redirectUrl } : {}),
      },
    };
  } catch (error) {
    if (!isGatehouseError(error)) throw error;
    return { status: error.status, body: { ...problemOf(error), notice: errorNotice(error) } };
  }
}

function send(res: Response, submitted: Submitted): void {
  res.status(submitted.status).type(submitted.status >= 400 ? 'application/problem+json' : 'application/json');
  res.send(JSON.stringify(submitted.body));
}

/** POST routes for every operation the panel offers, before AdminJS's own. */
export function panelSubmitRoutes(ctx: GatehouseContext, operations: () => readonly AnyOperation[]): Router {
  const router = express.Router();
  const find = (resource: string, name: string, kind: PanelPlacement['kind']) => {
    for (const operation of operations()) {
      for (const placement of placementsOf(operation)) {
        if (placement.resource === resource && placement.name === name && placement.kind === kind) return { operation, placement };
      }
    }
    return null;
  };
  const body = [express.json({ limit: '100kb' }), express.urlencoded({ extended: false, limit: '100kb' })];
  // Only a request for one of these operations has its body read here: any other goes on to
  // AdminJS untouched, whose own parser would otherwise wait for ever for a body already read.
  const ours = (kind: PanelPlacement['kind']) => (req: Request, res: Response, next: (error?: unknown) => void) => {
    const params = req.params as { resource: string; name: string };
    const found = find(params.resource, params.name, kind);
    if (!found) return next('route');
    res.locals.panelOperation = found;
    return next();
  };
  const handle = async (req: Request, res: Response, next: (error?: unknown) => void) => {
    const params = req.params as { id?: string };
    const found = res.locals.panelOperation as { operation: AnyOperation; placement: PanelPlacement };
    // A body these parsers do not read (multipart…) would otherwise count as an empty form.
    if (req.body === undefined && Number(req.get('content-length') ?? 0) > 0) {
      return send(res, { status: 415, body: { ...problemOf(new GatehouseError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as JSON or urlencoded, with its fields in `input`')) } });
    }
    const { principal } = requestState(res);
    if (!principal) return send(res, { status: 401, body: { ...problemOf(new GatehouseError('NOT_SIGNED_IN')) } });
    try {
      send(res, await submitOperation(ctx, found.operation, found.placement, principal, { id: params.id ?? '', body: req.body, req }));
    } catch (error) {
      next(error);
    }
  };
  router.post('/api/resources/:resource/records/:id/:name', ours('record'), body, handle);
  router.post('/api/resources/:resource/actions/:name', ours('resource'), body, handle);
  return router;
}
