// The seeds' tasks, walked in Chromium by their own personas, one seeded demo per preset: seed 000's
// account owner and administrator, seed 001's administrator working in two accounts and its Support
// user, seed 002's Compliance Officer and Standard User. Each task starts on the dashboard and is
// done by clicking, as a person would; the walk counts the clicks it took and prints them, saves a
// screenshot per step (test-results/persona-*.png) and holds every page to the same checks as the
// panel walk: words not keys, nothing wider than 1280 px, no console error, no failed or foreign request.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { enrolTotp } from '../../src/auth/second-factor.ts';
import { currentTotpCode, newTotpSecret } from '../../src/auth/totp.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { buildPanelBundle, freePort, launchChromium, PanelWalk } from '../support/browser-walk.ts';
import { setup, type TestSetup } from '../support/setup.ts';

let browser: Browser;
const clicks: Record<string, number> = {};
const walks: PanelWalk[] = [];

before(async () => {
  buildPanelBundle();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const stop of stops) await stop();
  console.log(`persona walks: clicks per task ${JSON.stringify(clicks)}`);
});

const stops: (() => Promise<void>)[] = [];

interface Demo {
  readonly t: TestSetup;
  readonly walk: PanelWalk;
}

/** A seeded demo of one preset, served on its own port, and a walk over it. */
async function demoOf(preset: 'seed000' | 'seed001' | 'seed002', seed: string): Promise<Demo> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await setup({ preset, publicUrl: base, clock: () => new Date() });
  await seedDemo(t.gatehouse);
  const server: Server = t.app.listen(port, '127.0.0.1');
  stops.push(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });
  const walk = new PanelWalk(browser, base, Object.keys(t.gatehouse.context.catalog), `persona-${seed}-`);
  walks.push(walk);
  return { t, walk };
}

/** Signs in on the panel's page (with the TOTP code when the account has a secret) and waits for the dashboard. */
async function signIn(demo: Demo, email: string, totpSecret?: string): Promise<Page> {
  const page = await demo.walk.page();
  await page.goto(`${demo.walk.base}/admin/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('input[name="password"]').press('Enter');
  if (totpSecret) {
    await page.locator('input[name="code"]').waitFor();
    await page.locator('input[name="code"]').fill(await currentTotpCode(demo.t.gatehouse.context, totpSecret));
    await page.locator('input[name="code"]').press('Enter');
  }
  await page.getByTestId('gatehouse-dashboard').waitFor();
  return page;
}

async function withTotp(demo: Demo, email: string): Promise<string> {
  const user = await demo.t.prisma.user.findUniqueOrThrow({ where: { email } });
  const secret = await newTotpSecret();
  await enrolTotp(demo.t.gatehouse.context, user.id, secret, 0);
  return secret;
}

const sidebar = (page: Page, name: string) => page.locator('section[data-css="sidebar"], nav').getByRole('link', { name, exact: true }).first();
/** A button or link by its words (AdminJS draws some actions as links, some as buttons, with an icon beside the words). */
const actionButton = (page: Page, name: string) => page.locator('a, button').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).first();

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

/** Opens a user's page from the users list, by clicking their row. */
async function openUser(page: Page, email: string): Promise<void> {
  await sidebar(page, 'Users').click();
  await page.getByText(email, { exact: true }).first().click();
  await page.getByTestId('user-tab-security').waitFor();
}

test('seed 000 (R-INV-1, R-SCOPE-1, R-OWNER-1): the account owner adds a Technical user and limits another to chosen products; an administrator cannot', async () => {
  const demo = await demoOf('seed000', '000');
  const { walk } = demo;
  const owner = await signIn(demo, 'accountowner@acme.example', await withTotp(demo, 'accountowner@acme.example'));
  await walk.shot(owner, 'owner-dashboard');

  clicks['000 invite a Technical user'] = await walk.clicksFor(async () => {
    await sidebar(owner, 'Users').click();
    await actionButton(owner, 'Invite user').click();
    await owner.getByTestId('action-form').waitFor();
    await owner.locator('#gh-email').fill('web.developer@example.com');
    const technical = owner.locator('#gh-organizationId-roleId option', { hasText: 'Technical' }).first();
    await owner.locator('#gh-organizationId-roleId').selectOption((await technical.getAttribute('value')) ?? '');
    await walk.shot(owner, 'owner-invite-form');
    await owner.getByTestId('action-submit').click();
    await owner.getByText(/invitation was sent/).first().waitFor();
  });
  await walk.shot(owner, 'owner-invited');
  assert.equal(await demo.t.prisma.invitation.count({ where: { email: 'web.developer@example.com', status: 'PENDING' } }), 1);

  clicks['000 limit a Technical user to chosen products'] = await walk.clicksFor(async () => {
    await openUser(owner, 'technical@acme.example');
    await walk.shot(owner, 'owner-technical-user');
    await actionButton(owner, 'Limit to chosen resources').click();
    await owner.getByTestId('action-form').waitFor();
    await owner.locator('textarea').first().fill('domain-example-org\nhosting-42');
    await walk.shot(owner, 'owner-limit-form');
    const answered = owner.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/editScope'));
    await owner.getByTestId('action-submit').click();
    const answer = await answered;
    assert.equal(answer.status(), 200, await answer.text());
    await owner.getByText(/limits are saved/).first().waitFor();
  });
  await walk.shot(owner, 'owner-limited');
  const technicalUser = await demo.t.prisma.user.findUniqueOrThrow({ where: { email: 'technical@acme.example' }, include: { memberships: true } });
  assert.match(technicalUser.memberships[0]?.scope ?? '', /hosting-42/);

  // Seed 000: an administrator helps with profiles but cannot change roles or assign products.
  const administrator = await signIn(demo, 'administrator@acme.example', await withTotp(demo, 'administrator@acme.example'));
  await openUser(administrator, 'technical@acme.example');
  await settled(administrator);
  await walk.shot(administrator, 'administrator-technical-user');
  assert.equal(await administrator.getByRole('button', { name: 'Limit to chosen resources', exact: true }).count(), 0);
  assert.equal(await administrator.getByRole('button', { name: 'Edit role', exact: true }).count(), 0);
});

test('seed 001 (R-TENANT-1, R-ROLE-3): an administrator in two accounts switches between them and reads the roles of each; Support reads its own', async () => {
  const demo = await demoOf('seed001', '001');
  const { walk, t } = demo;
  const ctx = t.gatehouse.context;
  const second = await createOrganization(ctx, { name: 'Beta Trading' });
  const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: 'administrator@acme.example' } });
  const support = await t.prisma.role.findFirstOrThrow({ where: { key: 'support', organizationId: null } });
  await t.prisma.membership.create({ data: { userId: admin.id, organizationId: second.id, roleId: support.id } });
  await t.prisma.user.update({ where: { id: admin.id }, data: { accessVersion: { increment: 1 } } });
  await createMember(ctx, { email: 'beta.buyer@example.com', username: 'beta.buyer', firstName: 'Bea', lastName: 'Buyer', password: DEMO_PASSWORD }, [{ organizationId: second.id, roleKey: 'purchaser' }]);

  const page = await signIn(demo, 'administrator@acme.example');
  await walk.shot(page, 'administrator-all-accounts');
  clicks['001 switch to another account'] = await walk.clicksFor(async () => {
    const switcher = page.getByTestId('account-switcher');
    await switcher.click();
    // The choice is saved first, then the page reloads: wait for each, so a slow machine is only slow.
    const saved = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/admin/account');
    const reloaded = page.waitForEvent('load');
    await switcher.selectOption({ label: 'Beta Trading (Support)' });
    // The page reloads once the answer is in, which takes its body along: the status is what is left.
    assert.equal((await saved).status(), 200, 'the account is chosen');
    await reloaded;
    await page.getByTestId('gatehouse-dashboard').waitFor();
  });
  const header = await page.locator('[data-css="logged-in"]').innerText();
  assert.match(header, /Beta Trading · Support/, `the header names the chosen account and role: ${header}`);
  await settled(page);
  await walk.shot(page, 'administrator-in-beta');
  await sidebar(page, 'Users').click();
  await settled(page);
  await walk.shot(page, 'administrator-beta-users');
  // Support in Beta Trading does not manage users: the list is their own record only.
  assert.equal(await page.getByText('beta.buyer@example.com').count(), 0);

  clicks['001 read the roles of the selected account'] = await walk.clicksFor(async () => {
    await sidebar(page, 'My profile').click();
    await page.getByTestId('my-profile').waitFor();
  });
  await settled(page);
  await walk.shot(page, 'administrator-my-profile');

  const supportUser = await signIn(demo, 'support@acme.example');
  await walk.shot(supportUser, 'support-dashboard');
  await sidebar(supportUser, 'My profile').click();
  await supportUser.getByTestId('my-profile').waitFor();
  await settled(supportUser);
  await walk.shot(supportUser, 'support-my-profile');
  assert.ok((await supportUser.getByTestId('held-role').count()) > 0, 'Support sees the role it holds');
});

test('seed 002 (R-SEARCH-1, R-SEARCH-2, R-INV-3, R-POL-2, R-EXPLAIN-1): the Compliance Officer searches users and adds one with a confirmed password; a Standard User sees only their own things', async () => {
  const demo = await demoOf('seed002', '002');
  const { walk, t } = demo;
  const officer = await signIn(demo, 'complianceofficer@acme.example');
  await walk.shot(officer, 'officer-dashboard');

  clicks['002 find a user by part of the last name and status'] = await walk.clicksFor(async () => {
    await sidebar(officer, 'Users').click();
    await officer.getByText('complianceofficer@acme.example', { exact: true }).first().waitFor();
    await walk.shot(officer, 'officer-users');
    await actionButton(officer, 'Filter').click();
    await officer.locator('input[name="filter-lastName"]').fill('user');
    const drawer = officer.locator('form[data-css="User-filter-drawer"]');
    // The pickers in order: organisation, its sub-organisations, role, status.
    await drawer.getByRole('combobox').nth(3).click();
    await officer.getByRole('option', { name: 'Enabled', exact: true }).click();
    await walk.shot(officer, 'officer-filter');
    await actionButton(officer, 'Apply changes').click();
    await officer.waitForURL(/filters\.lastName=user/);
    await officer.waitForURL(/filters\.status=enabled/);
  });
  await settled(officer);
  await walk.shot(officer, 'officer-filtered');
  // AdminJS leaves the filter drawer open over the list's buttons: close it.
  await officer.locator('form[data-css="User-filter-drawer"] button[type="button"]').first().click();

  clicks['002 add a user with a confirmed password'] = await walk.clicksFor(async () => {
    await sidebar(officer, 'Users').click();
    await actionButton(officer, 'New user').click();
    await officer.getByTestId('action-form').waitFor();
    await officer.locator('#gh-email').fill('new.analyst@acme.example');
    await officer.locator('#gh-username').fill('new.analyst');
    await officer.locator('#gh-firstName').fill('Nia');
    await officer.locator('#gh-lastName').fill('Analyst');
    const analyst = officer.locator('#gh-organizationId-roleId option', { hasText: 'Standard User' }).first();
    await officer.locator('#gh-organizationId-roleId').selectOption((await analyst.getAttribute('value')) ?? '');
    const password = 'Analyst-Pass-2026!';
    await officer.locator('#gh-password').fill(password);
    await officer.locator('input[type="password"]').nth(1).fill(password);
    await walk.shot(officer, 'officer-new-user');
    await officer.getByTestId('action-submit').click();
    await officer.getByText(/new\.analyst@acme\.example/).first().waitFor();
  });
  await walk.shot(officer, 'officer-user-added');
  assert.ok(await t.prisma.user.findUnique({ where: { email: 'new.analyst@acme.example' } }));

  clicks['002 switch off an access right, seeing what it changes first'] = await walk.clicksFor(async () => {
    await openUser(officer, 'standarduser@acme.example');
    await actionButton(officer, 'Access rights').click();
    await officer.getByTestId('action-form').waitFor();
    // The design system draws its own box over the input: a person clicks the right's label.
    await officer.locator('label[for^="gh-accessRights-"]').first().click();
    await officer.getByTestId('action-submit').click();
    await officer.getByTestId('impact-preview').waitFor();
    await walk.shot(officer, 'officer-access-rights-preview');
    await officer.getByTestId('action-submit').click();
    await officer.getByText(/access rights are saved/).first().waitFor();
  });
  const standardUser = await t.prisma.user.findUniqueOrThrow({ where: { email: 'standarduser@acme.example' }, include: { memberships: true } });
  assert.notEqual(standardUser.memberships[0]?.disabledRights, '[]', 'a right is switched off');

  clicks['002 ask why a user may not do something'] = await walk.clicksFor(async () => {
    await openUser(officer, 'standarduser@acme.example');
    await officer.getByTestId('user-tab-why').click();
    await officer.getByTestId('explain-access').waitFor();
    await officer.locator('#gh-explain-permission').selectOption({ label: 'Run member scans' });
    await officer.getByTestId('explain-ask').click();
    await officer.getByTestId('explain-answer').waitFor();
  });
  // The right switched off above: not allowed, and the switched-off right is named as set aside.
  await officer.getByText('Not allowed: Run member scans.').waitFor();
  await officer.getByText(/This access right is switched off for them/).first().waitFor();
  await walk.shot(officer, 'officer-why');

  const standard = await signIn(demo, 'standarduser@acme.example');
  await settled(standard);
  await walk.shot(standard, 'standard-dashboard');
  for (const adminOnly of ['Roles & policies', 'Audit trail', 'Invitations']) {
    assert.equal(await standard.getByText(adminOnly, { exact: true }).count(), 0, `a Standard User's panel does not offer ${adminOnly}`);
  }
});

test('R-PANEL-1: every page the personas walked spoke in words and stayed on the panel\'s own host', () => {
  assert.equal(walks.length, 3);
  for (const walk of walks) walk.assertClean();
  for (const [task, count] of Object.entries(clicks)) assert.ok(count > 0, `${task}: done by clicking`);
});
