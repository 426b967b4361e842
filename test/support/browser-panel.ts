// A seed 004 panel served on a free port with Chromium beside it: what every browser test of the
// panel starts from. `prepare` adds the test's own people before the server listens; `close` stops
// the browser, the server and the database, whichever of them started.
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { buildPanelBundle, freePort, launchChromium, PanelWalk } from './browser-walk.ts';
import { setup, type TestSetup } from './setup.ts';

export interface BrowserPanel {
  readonly t: TestSetup;
  /** The panel's origin, as the browser reaches it (and as Gatehouse's publicUrl). */
  readonly base: string;
  readonly browser: Browser;
  readonly walk: PanelWalk;
  close(): Promise<void>;
}

export async function browserPanel(options: {
  /** The screenshots' prefix (PanelWalk). */
  readonly shots?: string;
  /** `localhost` for WebAuthn, whose relying party must be a name, not an address. */
  readonly host?: '127.0.0.1' | 'localhost';
  readonly prepare?: (t: TestSetup) => Promise<void>;
}): Promise<BrowserPanel> {
  buildPanelBundle();
  const host = options.host ?? '127.0.0.1';
  const port = await freePort();
  const base = `http://${host}:${port}`;
  const t = await setup({ preset: 'seed004', publicUrl: base, clock: () => new Date() });
  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t.close();
  };
  try {
    await options.prepare?.(t);
    server = t.app.listen(port, host);
    browser = await launchChromium();
    return { t, base, browser, walk: new PanelWalk(browser, base, Object.keys(t.gatehouse.context.catalog), options.shots), close };
  } catch (error) {
    await close();
    throw error;
  }
}
