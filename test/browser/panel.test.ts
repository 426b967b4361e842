// The panel in a real browser (playwright-core driving Debian's Chromium, docs/stack.md): sign in with a
// password and a TOTP code, invite a user, read the link in the outbox, accept it in a second
// browser context, lock and unlock that user, migrate a legacy role to a policy. Seed 004 preset.
// Screenshots go to test-results/ (git-ignored).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { enrolTotp } from '../../src/auth/second-factor.ts';
import { currentTotpCode, newTotpSecret } from '../../src/auth/totp.ts';
import { browserPanel, type BrowserPanel } from '../support/browser-panel.ts';
import { newPatientContext, type PanelWalk } from '../support/browser-walk.ts';
import type { TestSetup } from '../support/setup.ts';

const ADMIN = 'admin@acme.example';
const INVITEE = 'new.merchant@example.com';
const INVITEE_PASSWORD = 'Merchant-Strong-Pass-2026!';

let panel: BrowserPanel;
let t: TestSetup;
let base: string;
let browser: Browser;
let totpSecret: string;
let walk: PanelWalk;

before(async () => {
  panel = await browserPanel({
    async prepare(t) {
      await seedDemo(t.gatehouse);
      const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: ADMIN } });
      totpSecret = await newTotpSecret();
      await enrolTotp(t.gatehouse.context, admin.id, totpSecret, 0);
    },
  });
  ({ t, base, browser, walk } = panel);
});

after(() => panel?.close());

const guardedPage = () => walk.page();
const shot = (page: Page, name: string) => walk.shot(page, name);

async function expectNotice(page: Page, text: RegExp): Promise<void> {
  await page.getByText(text).first().waitFor();
}

let adminPage: Page;

test('R-AUTH-1 / R-MFA-1: the administrator signs in with password and TOTP code and sees the dashboard', async () => {
  adminPage = await guardedPage();
  await adminPage.goto(`${base}/admin/login`);
  // R-PWD-4: the sign-in page offers the forgot-password flow.
  assert.equal(await adminPage.getByTestId('forgot-password').getAttribute('href'), '/admin/forgot-password');
  await shot(adminPage, '0-sign-in');
  await adminPage.locator('input[name="email"]').fill(ADMIN);
  await adminPage.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await adminPage.locator('input[name="password"]').press('Enter');
  await adminPage.locator('input[name="code"]').waitFor();
  await adminPage.locator('input[name="code"]').fill(await currentTotpCode(t.gatehouse.context, totpSecret));
  await adminPage.locator('input[name="code"]').press('Enter');
  await adminPage.getByTestId('gatehouse-dashboard').waitFor();
  await shot(adminPage, '1-dashboard');
});

test('R-INV-1: the administrator invites a user with a role and an IP allowlist', async () => {
  await adminPage.goto(`${base}/admin/resources/Invitation/actions/new`);
  await adminPage.getByTestId('action-form').waitFor();
  await adminPage.locator('#gh-email').fill(INVITEE);
  const option = adminPage.locator('#gh-organizationId-roleId option', { hasText: 'Operations' }).first();
  await adminPage.locator('#gh-organizationId-roleId').selectOption((await option.getAttribute('value')) ?? '');
  await adminPage.locator('#gh-ipAllowlist').fill('127.0.0.1\n::1');
  await shot(adminPage, '2-invite-form');
  await adminPage.getByTestId('action-submit').click();
  await expectNotice(adminPage, /invitation was sent/);
  await shot(adminPage, '3-invited');
  assert.equal(await t.prisma.invitation.count({ where: { email: INVITEE, status: 'PENDING' } }), 1);
});

let invitationLink = '';

test('R-OUTBOX-1: the outbox shows the invitation redacted; the link comes from the mail transport', async () => {
  await adminPage.goto(`${base}/admin/resources/OutboxMessage`);
  await adminPage.getByText(INVITEE).first().click();
  const link = adminPage.getByText(/accept-invitation\?token=/).first();
  await link.waitFor();
  assert.match((await link.textContent()) ?? '', /accept-invitation\?token=\[redacted\]/);
  await shot(adminPage, '4-outbox');
  const match = /(https?:\/\/\S+accept-invitation\?token=[A-Za-z0-9_-]+)/.exec(t.mailbox.latest(INVITEE, 'invitation')?.text ?? '');
  assert.ok(match, 'the transport received the live link');
  invitationLink = match[1] ?? '';
});

test('R-INV-1: the invitee accepts in a second browser context and can sign in', async () => {
  const invitee = await guardedPage();
  await invitee.goto(invitationLink);
  await invitee.locator('#firstName').fill('New');
  await invitee.locator('#lastName').fill('Merchant');
  await invitee.locator('#username').fill('new.merchant');
  await invitee.locator('#password').fill(INVITEE_PASSWORD);
  await shot(invitee, '5-accept-form');
  await invitee.locator('button[type="submit"]').click();
  await invitee.getByTestId('accepted').waitFor();
  await shot(invitee, '6-accepted');
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } });
  assert.equal(user.status, 'ACTIVE');
});

async function clickAction(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).or(page.getByRole('link', { name: label, exact: true })).first().click();
}

test('R-STATE-1: the administrator locks and unlocks that user, confirming the lock', async () => {
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } });
  await adminPage.goto(`${base}/admin/resources/User/records/${user.id}/show`);
  await clickAction(adminPage, 'Lock');
  await adminPage.getByTestId('confirm-action').waitFor();
  await shot(adminPage, '7-lock-confirmation');
  await adminPage.getByTestId('action-submit').click();
  await expectNotice(adminPage, /is locked/);
  await shot(adminPage, '8-locked');
  // The user's page is in tabs; the lock is on Security. An administrator's lock has no end date:
  // said in words, not as its stored sentinel date.
  await adminPage.getByTestId('user-tab-security').click();
  await adminPage.getByText('Until an administrator unlocks it').waitFor();
  await shot(adminPage, '8b-security-tab');
  assert.match(await adminPage.getByRole('tabpanel').innerText(), /Allowed IP addresses\s+127\.0\.0\.1, ::1\n/);
  assert.doesNotMatch(await adminPage.locator('body').innerText(), /9999/);
  // The record's actions wrap below its title at 1280 px: none runs off the page or over the title.
  const layout = await adminPage.evaluate(() => {
    const title = document.querySelector('.adminjs_ActionHeader h2')?.getBoundingClientRect();
    const buttons = Array.from(document.querySelectorAll('.adminjs_ActionHeader > :last-child [data-testid^="action-"]'), (b) => b.getBoundingClientRect());
    return { width: window.innerWidth, titleBottom: title?.bottom ?? 0, buttons: buttons.map((b) => ({ top: b.top, right: b.right })) };
  });
  assert.ok(layout.buttons.length > 5);
  for (const button of layout.buttons) assert.ok(button.right <= layout.width, `an action ends at ${button.right} px of ${layout.width}`);
  for (const button of layout.buttons) assert.ok(button.top >= layout.titleBottom, 'the record actions sit below the title');
  assert.ok((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil);
  await adminPage.goto(`${base}/admin/resources/User/records/${user.id}/show`);
  await clickAction(adminPage, 'Unlock');
  await adminPage.getByTestId('action-submit').click();
  await expectNotice(adminPage, /is unlocked/);
  await shot(adminPage, '9-unlocked');
  // Activity: that user's own trail, in words, newest first.
  await adminPage.getByTestId('user-tab-activity').click();
  const activity = adminPage.getByTestId('user-activity');
  await activity.waitFor();
  const rows = (await activity.locator('tbody tr').allInnerTexts()).map((row) => row.split('\t').map((cell) => cell.trim()));
  assert.deepEqual(rows.slice(0, 2).map((row) => [row[2], row[4]]), [['Unlock', 'Done'], ['Lock', 'Done']]);
  await shot(adminPage, '9b-activity-tab');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil, null);
});

test('R-MIG-1: the administrator migrates the legacy role to a policy after a preview', async () => {
  const role = await t.prisma.role.findFirstOrThrow({ where: { key: 'accountant', legacyPermissions: { not: null } } });
  await adminPage.goto(`${base}/admin/resources/Role/records/${role.id}/migrate`);
  await adminPage.getByTestId('migrate-preview').waitFor();
  await shot(adminPage, '10-migrate-preview');
  adminPage.once('dialog', (dialog) => void dialog.accept());
  await adminPage.getByTestId('action-submit').click();
  await expectNotice(adminPage, /now carries the policy/);
  await shot(adminPage, '11-migrated');
  assert.equal((await t.prisma.role.findUniqueOrThrow({ where: { id: role.id } })).legacyPermissions, null);
});

const XSS_FIRST = '</script><script>window.__xss=1;alert(1)</script>';
const XSS_LAST = '<img src=x onerror="window.__xss=2;alert(2)">\u2028&amp;';

/** Fails the test on any dialog, and collects what the console says, on this page. */
function watchForScripts(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  return seen;
}

test('R-HTML-1: names made of script payloads run nowhere: in the named user\'s own pages (page state) and on the administrator\'s view of them', async () => {
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } });
  await t.prisma.user.update({ where: { id: user.id }, data: { firstName: XSS_FIRST, lastName: XSS_LAST, accessVersion: { increment: 1 } } });

  // The named user's own panel: their name is in AdminJS's inline page state.
  const own = await (await newPatientContext(browser)).newPage();
  const ownSeen = watchForScripts(own);
  await own.goto(`${base}/admin/login`);
  await own.locator('input[name="email"]').fill(INVITEE);
  await own.locator('input[name="password"]').fill(INVITEE_PASSWORD);
  await own.locator('input[name="password"]').press('Enter');
  await own.getByTestId('gatehouse-dashboard').waitFor();
  const state = await own.evaluate(() => (window as unknown as { REDUX_STATE: { session: { title: string } } }).REDUX_STATE.session.title);
  assert.equal(state, `${XSS_FIRST} ${XSS_LAST}`, 'the page state holds the name exactly');
  await shot(own, '12-payload-own-dashboard');

  // The administrator views the record.
  const adminSeen = watchForScripts(adminPage);
  await adminPage.goto(`${base}/admin/resources/User/records/${user.id}/show`);
  await adminPage.getByText(XSS_FIRST).first().waitFor();
  await shot(adminPage, '13-payload-record');

  for (const page of [own, adminPage]) assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no payload ran');
  assert.deepEqual([...ownSeen.dialogs, ...adminSeen.dialogs], []);
  // The policy itself refuses inline scripts without the nonce: what a browser reports when one is tried.
  const policy = (await own.goto(`${base}/admin`))?.headers()['content-security-policy'] ?? '';
  assert.match(policy, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(policy, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
});

test('R-MFA-2: the invitee sets up e-mail codes on My profile — a code mailed, its countdown shown, then confirmed', async () => {
  const own = await guardedPage();
  await own.goto(`${base}/admin/login`);
  await own.locator('input[name="email"]').fill(INVITEE);
  await own.locator('input[name="password"]').fill(INVITEE_PASSWORD);
  await own.locator('input[name="password"]').press('Enter');
  await own.getByTestId('gatehouse-dashboard').waitFor();
  await own.goto(`${base}/admin/pages/myProfile`);
  await own.getByTestId('mfa-section').waitFor();
  await own.locator('#gh-mfa-password').fill(INVITEE_PASSWORD);
  await own.getByTestId('use-email-otp').click();
  const countdown = own.getByTestId('email-code-countdown');
  await countdown.waitFor();
  assert.match(await countdown.innerText(), /The code is valid for (10:00|9:\d\d) more\./);
  await shot(own, '14-email-code-countdown');
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } });
  assert.equal(user.mfaMethod, 'NONE', 'nothing changes before the code');
  await own.locator('#gh-email-code').fill(t.mailbox.code(INVITEE));
  await own.getByTestId('confirm-email-otp').click();
  await own.getByTestId('email-code-form').waitFor({ state: 'detached' });
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } })).mfaMethod, 'EMAIL');
  await shot(own, '15-email-codes-on');
});

test('R-AUDIT-1: the audit trail reads in words in the browser: who, what, to whom, how it ended', async () => {
  await adminPage.goto(`${base}/admin/resources/AuditEvent`);
  await adminPage.getByText('Lock', { exact: true }).first().waitFor();
  const table = await adminPage.locator('table').first().innerText();
  assert.match(table, /Done/);
  const headers = (await adminPage.locator('table thead').first().innerText()).split(/\s*\n\s*|\t/).map((text) => text.trim()).filter(Boolean);
  assert.deepEqual(headers, ['When', 'By', 'Action', 'Target', 'Outcome']);
  assert.doesNotMatch(table, /\buser\.[a-z]+|\bALLOWED\b|\bDENIED\b|\[R-/);
  await shot(adminPage, '16-audit-trail');
});

/** Opens a page of the panel and waits until AdminJS has drawn it (its breadcrumbs or a page of Gatehouse's own). */
async function visit(page: Page, path: string, name: string): Promise<void> {
  await page.goto(`${base}/admin${path}`);
  await page.locator('[data-css$="-breadcrumbs"], nav[aria-label="breadcrumb"], [data-testid="gatehouse-dashboard"], [data-testid="mfa-section"], section[data-css="sidebar"]').first().waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, name);
}

test('R-PANEL-1: a tour of the administrator\'s pages: lists, records and forms of every section', async () => {
  const role = await t.prisma.role.findFirstOrThrow({ where: { key: 'accountant' } });
  const policy = await t.prisma.permissionPolicy.findFirstOrThrow();
  const organization = await t.prisma.organization.findFirstOrThrow({ where: { parentId: null } });
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: INVITEE } });
  const pages: [string, string][] = [
    ['/resources/User', 'tour-users'],
    [`/resources/User/records/${user.id}/edit`, 'tour-user-edit'],
    [`/resources/User/records/${user.id}/accessRights`, 'tour-user-access-rights'],
    [`/resources/User/records/${user.id}/setMfa`, 'tour-user-set-mfa'],
    [`/resources/User/records/${user.id}/sessions`, 'tour-user-sessions'],
    [`/resources/User/records/${user.id}/disable`, 'tour-user-disable'],
    ['/resources/Organization', 'tour-organisations'],
    [`/resources/Organization/records/${organization.id}/show`, 'tour-organisation'],
    ['/resources/Role', 'tour-roles'],
    [`/resources/Role/records/${role.id}/show`, 'tour-role'],
    ['/resources/PermissionPolicy', 'tour-policies'],
    [`/resources/PermissionPolicy/records/${policy.id}/show`, 'tour-policy'],
    ['/resources/Invitation', 'tour-invitations'],
    ['/resources/ApiKey', 'tour-api-keys'],
    ['/resources/OutboxMessage', 'tour-outbox'],
    ['/pages/myProfile', 'tour-my-profile'],
  ];
  for (const [path, name] of pages) await visit(adminPage, path, name);
  // Seed 004: a role's permissions by section, each opened with its "+".
  await visit(adminPage, `/resources/Role/records/${role.id}/show`, 'tour-role-sections');
  const sections = adminPage.getByTestId('permission-sections');
  assert.doesNotMatch(await sections.innerText(), /View transactions/, 'sections start closed');
  await sections.getByRole('button', { name: 'Open Transaction' }).click();
  await sections.getByText('View transactions').waitFor();
  assert.equal(await sections.getByRole('button', { name: 'Close Transaction' }).getAttribute('aria-expanded'), 'true');
  await shot(adminPage, 'tour-role-section-open');
  // R-POL-2: saving a policy shows first what the change does to its holders.
  const custom = await t.prisma.permissionPolicy.findFirstOrThrow({ where: { name: 'Accountant permissions' } });
  await visit(adminPage, `/resources/PermissionPolicy/records/${custom.id}/edit`, 'tour-policy-edit');
  await adminPage.getByLabel('Page: Settings').check();
  await adminPage.getByTestId('action-submit').click();
  await adminPage.getByTestId('impact-preview').waitFor();
  await shot(adminPage, 'tour-policy-impact');
  await adminPage.getByTestId('action-submit').click();
  await expectNotice(adminPage, /is saved/);
  assert.equal(await t.prisma.policyGrant.count({ where: { policyId: custom.id, permission: 'page.settings' } }), 1);
  // Seed 002's paging: where one is, and a "Go to page" box.
  await visit(adminPage, '/resources/AuditEvent?perPage=2', 'tour-audit-paged');
  const pageOf = adminPage.getByTestId('list-page-of');
  const last = Number(/of (\d+)/.exec(await pageOf.innerText())?.[1]);
  assert.ok(last >= 3, `the trail has ${last} pages of two`);
  await adminPage.locator('#gh-go-to-page').fill('3');
  await adminPage.getByTestId('go-to-page').click();
  await adminPage.waitForURL(/[?&]page=3\b/);
  // The address changes before the list has drawn the page it asked for: wait for the words.
  await pageOf.filter({ hasText: new RegExp(`^Page 3 of ${last}$`) }).waitFor();
  assert.equal(await pageOf.innerText(), `Page 3 of ${last}`);
  await adminPage.locator('#gh-go-to-page').fill(String(last + 50));
  await adminPage.getByTestId('go-to-page').click();
  await adminPage.waitForURL(new RegExp(`[?&]page=${last}\\b`));
  await shot(adminPage, 'tour-audit-last-page');
});

test('R-PANEL-1: every walked page spoke in words and stayed on the panel\'s own host: no raw key, console error, failed or foreign request', () => {
  walk.assertClean();
});
