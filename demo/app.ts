// The demo host: a plain Express app with a page of its own and Gatehouse mounted at /admin.
import express, { type Express } from 'express';
import { createGatehouse, type Gatehouse } from '../src/index.ts';
import type { GatehouseOptions } from '../src/config/options.ts';
import { demoSecrets } from './secrets.ts';

export interface DemoOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  readonly publicUrl: string;
  readonly overrides?: Partial<GatehouseOptions>;
}

export async function createDemoApp(options: DemoOptions): Promise<{ app: Express; gatehouse: Gatehouse }> {
  const secrets = demoSecrets(options.dataDir);
  const gatehouse = await createGatehouse({
    databaseUrl: options.databaseUrl ?? `file:${options.dataDir}/gatehouse.db`,
    secret: secrets.sessionSecret,
    encryptionKey: secrets.encryptionKey,
    preset: (process.env.GATEHOUSE_PRESET as GatehouseOptions['preset']) ?? 'seed002',
    mountPath: '/admin',
    publicUrl: options.publicUrl,
    productName: 'Acme Back Office',
    ...options.overrides,
  });
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html><html><head><meta charset="utf-8"><title>Acme</title></head>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Acme — the host application</h1>
<p>This page belongs to the host app. Gatehouse is mounted at <a href="/admin">/admin</a>
(its REST API at <a href="/admin/api/v1/openapi.json">/admin/api/v1</a>).</p>
</body></html>`);
  });
  app.use('/admin', gatehouse.router);
  return { app, gatehouse };
}
