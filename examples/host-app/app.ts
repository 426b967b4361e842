// An existing-style Express app (its own Invoice model and pages) that mounts Gatehouse at /admin,
// guards its /invoices pages with requirePermission and adds "Approve invoice" with defineAction.
// It follows the README's "One PrismaClient for your models and Gatehouse's": one client built by
// createPrismaClient, its own migrations applied by migrateHostModels, the `host` preset.
// In your app the import is `from 'gatehouse'`; here it is the source of this repository.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { z } from 'zod';
import { type CoreCatalog, createGatehouse, createPrismaClient, type Gatehouse, type GatehouseOptions, migrateHostModels } from '../../src/index.ts';
import { type Prisma, PrismaClient } from './generated/client/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The host's permissions, declared once: requirePermission and defineAction type-check against them. */
export const invoicePermissions = {
  'invoice.view': { label: 'View invoices', group: 'invoice', mutates: false },
  'invoice.approve': { label: 'Approve invoices', group: 'invoice', mutates: true },
} as const;

export interface HostApp {
  readonly app: Express;
  readonly prisma: PrismaClient;
  /** Typed with the core permissions every preset has, plus the host's own. */
  readonly gatehouse: Gatehouse<CoreCatalog & typeof invoicePermissions>;
  close(): Promise<void>;
}

export async function createHostApp(options: { databaseUrl: string } & Partial<GatehouseOptions>): Promise<HostApp> {
  const { databaseUrl, ...gatehouseOptions } = options;
  // The app's own tables, from its own migrations (prisma/migrations), recorded beside Gatehouse's.
  await migrateHostModels(databaseUrl, { folder: join(here, 'prisma', 'migrations') });
  // One client for the app's models and Gatehouse's; Gatehouse migrates its own tables at start-up.
  const prisma = createPrismaClient(PrismaClient, databaseUrl);
  const gatehouse = await createGatehouse({
    secret: process.env.SESSION_SECRET ?? 'host-app-secret-change-me-please',
    preset: 'host',
    ...gatehouseOptions,
    prisma,
    permissions: invoicePermissions,
    resources: [{ model: 'Invoice', label: 'Invoices' }],
  });

  gatehouse.defineAction({
    resource: 'Invoice',
    name: 'approve',
    label: 'Approve invoice',
    permission: 'invoice.approve',
    input: z.strictObject({ note: z.string().max(500).optional() }),
    guard: 'Approve this invoice for payment?',
    async handler({ id, record, principal }) {
      if (record.status === 'APPROVED') return { id, status: 'APPROVED', alreadyApproved: true };
      const invoice = await prisma.invoice.update({ where: { id }, data: { status: 'APPROVED', approvedById: principal.userId, approvedAt: new Date() } });
      return { id: invoice.id, status: invoice.status };
    },
  });

  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send('<h1>Acme Invoicing</h1><p><a href="/invoices">Invoices</a> · <a href="/admin">Administration</a></p>');
  });
  // The host's own page, guarded by the same engine that guards the panel and the REST API.
  app.get('/invoices', gatehouse.requirePermission('invoice.view'), async (_req, res) => {
    const principal = gatehouse.principalOf(res);
    if (!principal) throw new Error('requirePermission lets only signed-in callers through');
    // Only the invoices of organisations where the caller holds invoice.view (R-TENANT-1).
    const where = gatehouse.engine.accessibleWhere<Prisma.InvoiceWhereInput>(principal.actor, 'invoice.view', {
      tenant: (organizationIds) => ({ organizationId: { in: organizationIds } }),
      and: (parts) => ({ AND: parts }),
    });
    const invoices = await prisma.invoice.findMany({ where, orderBy: { number: 'asc' } });
    res.json({ items: invoices.map(({ id, number, customer, amountCents, status, organizationId }) => ({ id, number, customer, amountCents, status, organizationId })) });
  });
  app.use('/admin', gatehouse.router);

  return {
    app,
    prisma,
    gatehouse,
    async close() {
      await gatehouse.close();
      await prisma.$disconnect();
    },
  };
}
