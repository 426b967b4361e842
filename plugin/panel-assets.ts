// The panel's custom components are bundled once by `npm run build` (scripts/build.ts), never by the
// server: AdminJS would otherwise bundle them at start in production (seconds) or on the
// first page view in development, writing into the host's working folder either way.
import { existsSync } from 'node:fs';
import type AdminJS from 'adminjs';
import express, { type Router } from 'express';
import type { Logger } from '../src/config/options.ts';
import { componentsBundleFile } from './package-root.ts';

const MISSING_BUNDLE = `console.error('Gatehouse: the panel components are not built; run \`npm run build\`.');`;

/** Serves the prebuilt bundle in front of AdminJS's own route, and stops AdminJS from bundling. */
export function panelAssets(admin: AdminJS, logger: Logger): Router {
  // The bundle is prebuilt: AdminJS's initialize() would only bundle again (in production).
  admin.initialize = async () => {};
  const built = existsSync(componentsBundleFile);
  if (!built) logger.warn(`the panel components are not built (${componentsBundleFile}); run \`npm run build\``);
  const router = express.Router();
  router.get('/frontend/assets/components.bundle.js', (_req, res) => {
    if (existsSync(componentsBundleFile)) {
      res.type('text/javascript').sendFile(componentsBundleFile, { maxAge: '1h' });
      return;
    }
    res.type('text/javascript').send(MISSING_BUNDLE);
  });
  return router;
}
