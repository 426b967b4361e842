// The apps of the package matrix (matrix.test.ts), as a host writes them against the installed
// package: plain JavaScript (ES module or CommonJS) or TypeScript, on Gatehouse's own client or
// on the host's own PrismaClient. Each one bootstraps an owner, signs in over HTTP, calls a route
// of its own behind requirePermission (with and without the session) and a defined action, and
// prints one JSON line for the test to check.

export type ModuleKind = 'esm' | 'cjs';
export type ClientKind = 'gatehouse' | 'own';

const PASSWORD = 'Matrix-Host-Password-1!';

/** The part after the imports: the same in every variant (valid JavaScript and TypeScript). */
function body(client: ClientKind): string {
  const own = client === 'own';
  return `
  const databaseUrl = process.env.DATABASE_URL;
  ${own ? "await migrateHostModels(databaseUrl, { folder: 'prisma/migrations' });\n  const prisma = createPrismaClient(PrismaClient, databaseUrl);" : ''}
  const gatehouse = await createGatehouse({
    ${own ? 'prisma,' : 'databaseUrl,'}
    secret: 'a-host-secret-of-enough-length',
    preset: 'host',
    mountPath: '/admin',
    permissions: {
      'invoice.view': { label: 'View invoices', group: 'invoice', mutates: false },
      'invoice.approve': { label: 'Approve invoices', group: 'invoice', mutates: true },
    },
    ${own ? "resources: [{ model: 'Invoice', label: 'Invoices' }]," : ''}
    passwordHashing: { memoryKiB: 1024, passes: 1 },
    logger: { info() {}, warn: console.warn, error: console.error },
  });
  gatehouse.defineAction({
    resource: ${own ? "'Invoice'" : "'Organization'"},
    name: 'approve',
    label: 'Approve',
    permission: 'invoice.approve',
    input: z.strictObject({ note: z.string().max(500).optional() }),
    handler: async ({ id }) => ${own ? "prisma.invoice.update({ where: { id }, data: { status: 'APPROVED' } })" : "({ id, status: 'APPROVED' })"},
  });
  const organization = await createOrganization(gatehouse.context, { name: 'Acme' });
  await createMember(gatehouse.context, { email: 'owner@acme.example', username: 'owner', firstName: 'Ada', lastName: 'Owner', password: '${PASSWORD}' }, [
    { organizationId: organization.id, roleKey: gatehouse.context.preset.ownerRoleKey, owner: true },
  ]);
  const target = ${own ? "(await prisma.invoice.create({ data: { organizationId: organization.id, number: 'A-1' } })).id" : 'organization.id'};

  const app = express();
  app.get('/invoices', gatehouse.requirePermission('invoice.view'), async (_req, res) => {
    res.json({ items: ${own ? 'await prisma.invoice.findMany({ select: { number: true, status: true } })' : '[]'} });
  });
  app.use('/admin', gatehouse.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = 'http://127.0.0.1:' + (server.address() as { port: number }).port;
  try {
    const login = await fetch(base + '/admin/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'owner', password: '${PASSWORD}' }) });
    const signedIn = await login.json() as { csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const anonymous = await fetch(base + '/invoices');
    const action = await fetch(base + '/admin/api/v1/${own ? 'invoice' : 'organization'}/' + target + '/actions/approve', {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': signedIn.csrfToken }, body: JSON.stringify({ note: 'ok' }),
    });
    const invoices = await fetch(base + '/invoices', { headers: { cookie } });
    const openapi = await fetch(base + '/admin/api/v1/openapi.json');
    const panel = await fetch(base + '/admin/login');
    // The panel's AdminJS is one bundled file in the package: its own routes, its front-end files
    // (found in the installed adminjs package) and a resource list through Gatehouse's adapter.
    const panelAsset = await fetch(base + '/admin/frontend/assets/app.bundle.js');
    const panelList = await fetch(base + '/admin/api/resources/User/actions/list', { headers: { cookie } });
    console.log(JSON.stringify({
      login: login.status,
      anonymous: anonymous.status,
      anonymousType: anonymous.headers.get('content-type'),
      invoices: invoices.status,
      invoiceItems: (await invoices.json() as { items: unknown[] }).items,
      action: action.status,
      actionBody: await action.json(),
      openapi: openapi.status,
      panel: panel.status,
      panelAsset: panelAsset.status,
      panelUsers: panelList.status === 200 ? (await panelList.json() as { records: Array<Record<'params', Record<'email', string>>> }).records.map((record) => record.params.email) : panelList.status,
      express: expressVersion,
      rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    }));
  } finally {
    server.close();
    await gatehouse.close();
    ${own ? 'await prisma.$disconnect();' : ''}
  }
`;
}

/** Drops the TypeScript-only parts (`as …` casts) for the plain JavaScript variants. */
function javascript(source: string): string {
  return source.replace(/ as \{ [^}]*\}( \| null)?/g, '').replace(/\(await (\w+)\.json\(\)\)\.items/g, '(await $1.json()).items');
}

export function hostApp(options: { module: ModuleKind; client: ClientKind; typescript: boolean }): string {
  const own = options.client === 'own';
  const names = ['createGatehouse', 'createMember', 'createOrganization', ...(own ? ['createPrismaClient', 'migrateHostModels'] : [])].join(', ');
  // A typo in a permission key must fail tsc (never called: at run time it would throw).
  const typeChecks = options.typescript ? "\n  const typo = () => {\n    // @ts-expect-error not a permission of the catalog\n    gatehouse.requirePermission('invoice.nope');\n  };\n  void typo;\n" : '';
  const code = options.typescript ? body(options.client).replace('  const organization =', `${typeChecks}  const organization =`) : javascript(body(options.client));
  if (options.module === 'cjs' && options.typescript) {
    // A .cts file: TypeScript compiles these imports to require() calls.
    return [
      "import express from 'express';",
      "import { z } from 'zod';",
      `import { ${names} } from 'gatehouse';`,
      ...(own ? ["import { PrismaClient } from './generated/prisma/index.js';"] : []),
      "const expressVersion: string = require('express/package.json').version;",
      `async function main(): Promise<void> {${code}}`,
      'main().catch((error) => { console.error(error); process.exit(1); });',
    ].join('\n');
  }
  if (options.module === 'esm') {
    return [
      "import express from 'express';",
      "import { createRequire } from 'node:module';",
      "import { z } from 'zod';",
      `import { ${names} } from 'gatehouse';`,
      ...(own ? ["import { PrismaClient } from './generated/prisma/index.js';"] : []),
      "const expressVersion = createRequire(import.meta.url)('express/package.json').version;",
      code,
    ].join('\n');
  }
  return [
    "const express = require('express');",
    "const { z } = require('zod');",
    `const { ${names} } = require('gatehouse');`,
    ...(own ? ["const { PrismaClient } = require('./generated/prisma/index.js');"] : []),
    "const expressVersion = require('express/package.json').version;",
    `async function main() {${code}}`,
    'main().catch((error) => { console.error(error); process.exit(1); });',
  ].join('\n');
}
