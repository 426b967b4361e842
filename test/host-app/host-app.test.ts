// The example host app (examples/host-app): its own Invoice model and pages, Gatehouse mounted at
// /admin with the `host` preset, /invoices guarded by requirePermission, "Approve invoice" added by
// defineAction.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { z } from 'zod';
import { createHostApp, type HostApp } from '../../examples/host-app/app.ts';
import { serializeGrants } from '../../src/authz/grant-codec.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { silentLogger } from '../support/setup.ts';

const PASSWORD = 'Host-App-Password-1!';
let host: HostApp;
let dir: string;
let owner: ApiClient;
let clerk: ApiClient;
let outsider: ApiClient;
let invoiceA: string;
let invoiceB: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-host-'));
  host = await createHostApp({ databaseUrl: `file:${join(dir, 'host.db')}`, logger: silentLogger, passwordHashing: { memoryKiB: 1024, passes: 1 } });
  const ctx = host.gatehouse.context;
  const a = await createOrganization(ctx, { name: 'Org A' });
  const b = await createOrganization(ctx, { name: 'Org B' });
  // A custom role of Org A that may view invoices but not approve them.
  await host.prisma.role.create({
    data: { key: 'invoiceClerk', name: 'Invoice clerk', organizationId: a.id, legacyPermissions: serializeGrants([{ permission: 'invoice.view' }]) },
  });
  const person = (name: string) => ({ email: `${name}@host.test`, username: name, firstName: name, lastName: '-', password: PASSWORD });
  await createMember(ctx, person('owner'), [{ organizationId: a.id, roleKey: 'owner', owner: true }]);
  await createMember(ctx, person('clerk'), [{ organizationId: a.id, roleKey: 'invoiceClerk' }]);
  await createMember(ctx, person('outsider'), [{ organizationId: b.id, roleKey: 'owner', owner: true }]);
  invoiceA = (await host.prisma.invoice.create({ data: { organizationId: a.id, number: 'A-1', customer: 'Initech', amountCents: 12_000 } })).id;
  invoiceB = (await host.prisma.invoice.create({ data: { organizationId: b.id, number: 'B-1', customer: 'Globex', amountCents: 5_000 } })).id;
  owner = await signIn(host.app, 'owner', PASSWORD);
  clerk = await signIn(host.app, 'clerk', PASSWORD);
  outsider = await signIn(host.app, 'outsider', PASSWORD);
});
after(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const approve = (client: ApiClient, id: string, body: unknown = {}) => client.call('post', `/invoice/${id}/actions/approve`, body);

test('the host app keeps its own home page and mounts the panel at /admin', async () => {
  const home = await request(host.app).get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Acme Invoicing/);
  assert.equal((await request(host.app).get('/admin/login')).status, 200);
});

test('requirePermission: /invoices answers 401 problem+json without a session', async () => {
  const response = await request(host.app).get('/invoices');
  assert.equal(response.status, 401);
  assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
  assert.equal(response.body.code, 'NOT_SIGNED_IN');
});

test('R-TENANT-1: /invoices lists only the invoices of organisations where the caller holds invoice.view', async () => {
  const clerkList = await clerk.agent.get('/invoices');
  assert.equal(clerkList.status, 200);
  assert.deepEqual(clerkList.body.items.map((invoice: { number: string }) => invoice.number), ['A-1']);
  const outsiderList = await outsider.agent.get('/invoices');
  assert.deepEqual(outsiderList.body.items.map((invoice: { number: string }) => invoice.number), ['B-1']);
});

test('R-PERM-1: a role without invoice.view gets 403 naming the rule on the host route', async () => {
  // Revoke the clerk role's permissions: the next request sees it (the role's holders are bumped).
  const role = await host.prisma.role.findFirstOrThrow({ where: { key: 'invoiceClerk' } });
  await host.prisma.role.update({ where: { id: role.id }, data: { legacyPermissions: serializeGrants([]) } });
  await host.prisma.user.updateMany({ where: { username: 'clerk' }, data: { accessVersion: { increment: 1 } } });
  const response = await clerk.agent.get('/invoices');
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-PERM-1');
  await host.prisma.role.update({ where: { id: role.id }, data: { legacyPermissions: serializeGrants([{ permission: 'invoice.view' }]) } });
  await host.prisma.user.updateMany({ where: { username: 'clerk' }, data: { accessVersion: { increment: 1 } } });
  assert.equal((await clerk.agent.get('/invoices')).status, 200);
});

test('R-ESC-1: the host preset\'s owner grants invoice.view through a policy and a custom role; its holder lists invoices but may not approve', async () => {
  const organizationId = (await host.prisma.organization.findFirstOrThrow({ where: { name: 'Org A' } })).id;
  const policy = await owner.call('post', '/policies', { organizationId, name: 'Invoice reading', grants: [{ permission: 'invoice.view' }] });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const role = await owner.call('post', '/roles', { organizationId, name: 'Invoice reader', policyIds: [policy.body.id] });
  assert.equal(role.status, 201, JSON.stringify(role.body));
  const created = await owner.call('post', '/users', { username: 'reader', email: 'reader@host.test', firstName: 'Rea', lastName: 'Der', password: PASSWORD, organizationId, roleId: role.body.id });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const reader = await signIn(host.app, 'reader', PASSWORD);
  const list = await reader.agent.get('/invoices');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((invoice: { number: string }) => invoice.number === 'A-1'));
  const refused = await approve(reader, invoiceA);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-PERM-1');
  // An administrator, who does not hold invoice.view, cannot hand it out (R-ESC-1).
  await createMember(host.gatehouse.context, { email: 'admin@host.test', username: 'hostadmin', firstName: 'Ad', lastName: 'Min', password: PASSWORD }, [{ organizationId, roleKey: 'administrator' }]);
  const administrator = await signIn(host.app, 'hostadmin', PASSWORD);
  const escalation = await administrator.call('post', '/policies', { organizationId, name: 'Sneaky', grants: [{ permission: 'invoice.approve' }] });
  assert.ok([403, 404].includes(escalation.status), JSON.stringify(escalation.body));
  assert.equal(await host.prisma.permissionPolicy.count({ where: { name: 'Sneaky' } }), 0);
});

test('defineAction: a role without invoice.approve is refused with 403 and the denial is audited', async () => {
  const response = await approve(clerk, invoiceA);
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-PERM-1');
  assert.equal((await host.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceA } })).status, 'DRAFT');
  const denied = await host.prisma.auditEvent.findFirst({ where: { action: 'invoice.approve', outcome: 'DENIED', targetId: invoiceA } });
  assert.equal(denied?.rule, 'R-PERM-1');
});

test('R-TENANT-1: approving another organisation\'s invoice answers 404 and changes nothing', async () => {
  const response = await approve(outsider, invoiceA);
  assert.equal(response.status, 404);
  assert.equal((await host.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceA } })).status, 'DRAFT');
});

test('defineAction: bad input answers 400 and changes nothing', async () => {
  const response = await approve(owner, invoiceA, { note: 42, extra: true });
  assert.equal(response.status, 400);
  assert.equal(response.body.code, 'INVALID_INPUT');
  assert.equal((await host.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceA } })).status, 'DRAFT');
  assert.equal((await approve(owner, 'no-such-invoice')).status, 404);
});

test('defineAction: the owner (every permission in the host preset) approves; one audit event records it', async () => {
  const response = await approve(owner, invoiceA, { note: 'checked' });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.status, 'APPROVED');
  const invoice = await host.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceA } });
  assert.equal(invoice.status, 'APPROVED');
  assert.equal(invoice.approvedById, owner.userId);
  const events = await host.prisma.auditEvent.findMany({ where: { action: 'invoice.approve', outcome: 'ALLOWED', targetId: invoiceA } });
  assert.equal(events.length, 1);
  assert.equal(events[0]?.actorId, owner.userId);
  assert.ok(invoiceB);
});

test('defineAction: the action and its permission appear in openapi.json and in the catalog', async () => {
  const document = await owner.agent.get('/admin/api/v1/openapi.json');
  assert.equal(document.status, 200);
  const operation = document.body.paths['/invoice/{id}/actions/approve']?.post;
  assert.ok(operation, 'the action is documented');
  assert.ok(operation.requestBody, 'with its input schema');
  assert.ok(Object.hasOwn(host.gatehouse.context.catalog, 'invoice.approve'));
});

// The panel half of the host integration: the same sessions as the REST clients above (one sign-in
// serves both), AdminJS's own API as its front end calls it.
const PANEL = '/admin/api/resources/Invoice';

async function freshInvoice(organizationName: string, number: string): Promise<string> {
  const organization = await host.prisma.organization.findFirstOrThrow({ where: { name: organizationName } });
  return (await host.prisma.invoice.create({ data: { organizationId: organization.id, number, customer: 'Hooli', amountCents: 700 } })).id;
}

async function offered(client: ApiClient, id: string): Promise<string[]> {
  const show = await client.agent.get(`${PANEL}/records/${id}/show`);
  assert.equal(show.status, 200);
  assert.equal(show.body.record?.id, id, JSON.stringify(show.body.notice));
  return ((show.body.record.recordActions ?? []) as { name: string }[]).map((action) => action.name);
}

test('panel: Approve is offered on an invoice only to roles granted invoice.approve', async () => {
  const id = await freshInvoice('Org A', 'A-10');
  assert.ok((await offered(owner, id)).includes('approve'), 'the owner (every permission) sees Approve');
  const clerkActions = await offered(clerk, id);
  assert.ok(clerkActions.includes('show'), 'the clerk (invoice.view) opens the invoice');
  assert.ok(!clerkActions.includes('approve'), 'but is not offered Approve');
  // Read-only otherwise: AdminJS's own writes are not offered on a host model.
  for (const name of ['edit', 'delete', 'new']) assert.ok(!(await offered(owner, id)).includes(name), name);
});

test('panel: the Approve form comes from its zod input and asks the guard question', async () => {
  const id = await freshInvoice('Org A', 'A-11');
  const form = await owner.agent.get(`${PANEL}/records/${id}/approve`);
  assert.equal(form.status, 200);
  assert.deepEqual(form.body.data.form.fields.map((field: { name: string; required: boolean }) => [field.name, field.required]), [['note', false]]);
  assert.equal(form.body.data.form.confirm, 'Approve this invoice for payment?');
});

test('panel: running Approve through AdminJS\'s API approves and writes one audit event', async () => {
  const id = await freshInvoice('Org A', 'A-12');
  const run = await owner.agent.post(`${PANEL}/records/${id}/approve`).set('x-csrf-token', owner.csrfToken).send({ input: JSON.stringify({ note: '' }) });
  assert.equal(run.status, 200);
  assert.equal(run.body.notice?.type, 'success', JSON.stringify(run.body.notice));
  const invoice = await host.prisma.invoice.findUniqueOrThrow({ where: { id } });
  assert.equal(invoice.status, 'APPROVED');
  assert.equal(invoice.approvedById, owner.userId);
  const events = await host.prisma.auditEvent.findMany({ where: { targetId: id } });
  assert.deepEqual(events.map((event) => [event.action, event.outcome, event.actorId]), [['invoice.approve', 'ALLOWED', owner.userId]]);
  const bad = await owner.agent.post(`${PANEL}/records/${id}/approve`).set('x-csrf-token', owner.csrfToken).send({ input: JSON.stringify({ note: 'x'.repeat(501) }) });
  assert.equal(bad.body.notice?.type, 'error');
  assert.match(bad.body.notice.message, /Note: at most 500 characters/);
});

test('panel: a denied direct call to Approve is refused, changes nothing and is audited', async () => {
  const id = await freshInvoice('Org A', 'A-13');
  const run = await clerk.agent.post(`${PANEL}/records/${id}/approve`).set('x-csrf-token', clerk.csrfToken).send({ input: JSON.stringify({}) });
  assert.notEqual(run.body.notice?.type, 'success');
  assert.equal((await host.prisma.invoice.findUniqueOrThrow({ where: { id } })).status, 'DRAFT');
  const denied = await host.prisma.auditEvent.findMany({ where: { targetId: id } });
  assert.deepEqual(denied.map((event) => [event.action, event.outcome, event.rule]), [['invoice.approve', 'DENIED', 'R-PERM-1']]);
  // Another organisation's invoice is not even found (R-TENANT-1).
  const foreign = await outsider.agent.post(`${PANEL}/records/${id}/approve`).set('x-csrf-token', outsider.csrfToken).send({ input: JSON.stringify({}) });
  assert.notEqual(foreign.body.notice?.type, 'success');
  assert.equal((await host.prisma.invoice.findUniqueOrThrow({ where: { id } })).status, 'DRAFT');
});

test('panel: the Invoice list and records are scoped by organisation (R-TENANT-1)', async () => {
  const numbers = async (client: ApiClient) => {
    const list = await client.agent.get(`${PANEL}/actions/list?perPage=100`);
    assert.equal(list.status, 200);
    return ((list.body.records ?? []) as { params: { number: string } }[]).map((record) => record.params.number).sort();
  };
  const inA = (await host.prisma.invoice.findMany({ where: { number: { startsWith: 'A-' } } })).map((invoice) => invoice.number).sort();
  assert.deepEqual(await numbers(clerk), inA);
  assert.deepEqual(await numbers(outsider), ['B-1']);
  const foreign = await outsider.agent.get(`${PANEL}/records/${invoiceA}/show`);
  assert.equal(foreign.body.notice?.type, 'error');
  assert.deepEqual(foreign.body.record?.params ?? {}, {});
});

test('defineAction after the panel served its first request throws a clear error', () => {
  assert.throws(
    () => host.gatehouse.defineAction({ resource: 'Invoice', name: 'archive', label: 'Archive', permission: 'invoice.approve', input: z.strictObject({}), handler: () => null }),
    /panel was built/,
  );
});
