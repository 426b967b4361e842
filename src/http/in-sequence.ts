// Middleware run in order as one Express layer. Every layer of an Express router costs each
// request a dispatch (the router's handle/next, a mount-path match, a prefix trim), and the steps
// every request of Gatehouse's router takes — host checks, headers, session, authentication — were
// seven layers of it; run here, they are one.
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function inSequence(...steps: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown): void => {
      // An error, or Express's 'route'/'router' signals, leave the sequence as they would a router.
      if (error !== undefined) return done(error);
      const step = steps[index];
      index += 1;
      if (step === undefined) return done();
      try {
        // An async step's rejection is an error passed on, as Express 5 does for its own layers.
        const pending: unknown = step(req, res, next);
        if (pending instanceof Promise) pending.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}
