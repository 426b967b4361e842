// The panel's custom components are bundled once by `npm run build` (scripts/build.ts), never by the
// server: AdminJS would otherwise bundle them at start in production (seconds) or on the
// first page view in development, writing into the host's working folder either way.
import { existsSync } from 'node:fs';
import type AdminJS from 'adminjs';
import express, { type Router } from 'express';
import type { Logger } from '../src/config/options.ts';
import { componentsBundleFile } from './package-root.ts';

/** Where the panel's own stylesheet is served, under the mount path. */
export const PANEL_STYLES_PATH = '/frontend/assets/gatehouse.css';

// AdminJS lays a record's title and its action buttons out on one row that never wraps: with
// Gatehouse's dozen actions the buttons run off a 1280 px screen and over the title. These let the
// row wrap, the buttons below the title when they do not fit beside it. A list's cells may break
// a word anywhere, so an e-mail column squeezed by its neighbours read one letter group per line:
// it keeps room for an address on one or two lines.
const PANEL_STYLES = `.adminjs_ActionHeader > :last-child { flex-wrap: wrap; column-gap: 16px; }
.adminjs_ActionHeader > :last-child > :first-child { flex-shrink: 0; }
.adminjs_ActionHeader > :last-child > :last-child { flex-shrink: 1; min-width: 0; margin-top: 0; margin-bottom: 16px; }
.adminjs_ActionHeader > :last-child > :last-child > * { flex-wrap: wrap; row-gap: 8px; }
td[data-property-name="email"] { min-width: 13em; }
`;

const MISSING_BUNDLE = `console.error('Gatehouse: the panel components are not built; run \`npm run build\`.');`;

/** Serves the prebuilt bundle in front of AdminJS's own route, and stops AdminJS from bundling. */
export function panelAssets(admin: AdminJS, logger: Logger): Router {
  // The bundle is prebuilt: AdminJS's initialize() would only bundle again (in production).
  admin.initialize = async () => {};
  const built = existsSync(componentsBundleFile);
  if (!built) logger.warn(`the panel components are not built (${componentsBundleFile}); run \`npm run build\``);
  const router = express.Router();
  router.get(PANEL_STYLES_PATH, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(PANEL_STYLES);
  });
  router.get('/frontend/assets/components.bundle.js', (_req, res) => {
    if (existsSync(componentsBundleFile)) {
      res.type('text/javascript').sendFile(componentsBundleFile, { maxAge: '1h' });
      return;
    }
    res.type('text/javascript').send(MISSING_BUNDLE);
  });
  return router;
}
