// Passkeys in a real browser (playwright-core driving Debian's Chromium, whose DevTools protocol
// lends a virtual authenticator: WebAuthn.enable, WebAuthn.addVirtualAuthenticator): a user adds a
// passkey on My profile, signs in with it alone, then as the second step after the password; a
// copy of the credential with an old counter is refused; the passkey is removed and no longer
// signs in. The site is http://localhost (a secure context, and a domain for the RP ID).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { browserPanel, type BrowserPanel } from '../support/browser-panel.ts';
import type { PanelWalk } from '../support/browser-walk.ts';
import type { TestSetup } from '../support/setup.ts';

const EMAIL = 'keyholder@example.test';
const PASSWORD = 'Keyholder-Strong-Pass-2026!';

let panel: BrowserPanel;
let t: TestSetup;
let base: string;
let walk: PanelWalk;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
let userId: string;

/** What the virtual authenticator keeps of a credential (WebAuthn.Credential). */
interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

async function addAuthenticator(): Promise<string> {
  const added = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return added.authenticatorId;
}

before(async () => {
  panel = await browserPanel({
    shots: 'passkeys-',
    host: 'localhost',
    async prepare(t) {
      const ctx = t.gatehouse.context;
      const acme = (await createOrganization(ctx, { name: 'Acme' })).id;
      userId = (await createMember(ctx, { email: EMAIL, username: 'keyholder', firstName: 'Kim', lastName: 'Holder', password: PASSWORD }, [{ organizationId: acme, roleKey: 'admin', owner: true }])).id;
    },
  });
  ({ t, base, walk } = panel);
  page = await walk.page();
  cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  authenticatorId = await addAuthenticator();
});

after(() => panel?.close());

async function signInWithPassword(): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('input[name="password"]').press('Enter');
}

async function signOut(): Promise<void> {
  await page.goto(`${base}/admin/logout`);
  await page.getByTestId('sign-out').click();
  await page.locator('input[name="email"]').waitFor();
}

async function openProfile(): Promise<void> {
  await page.goto(`${base}/admin/pages/myProfile`);
  await page.getByTestId('passkeys-section').waitFor();
}

async function credentials(): Promise<VirtualCredential[]> {
  return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[];
}

test('R-PASSKEY-1: a user adds a named passkey on My profile, through the browser\'s own prompt', async () => {
  await signInWithPassword();
  await page.getByTestId('gatehouse-dashboard').waitFor();
  await openProfile();
  await page.getByText('You have no passkeys yet.').waitFor();
  await page.locator('#gh-passkey-name').fill('This laptop');
  await page.locator('#gh-passkey-password').fill(PASSWORD);
  await walk.shot(page, '1-profile-before');
  await page.getByTestId('add-passkey').click();
  await page.getByTestId('passkey').filter({ hasText: 'This laptop' }).waitFor();
  await walk.shot(page, '2-profile-with-passkey');
  assert.equal(await t.prisma.passkey.count({ where: { userId } }), 1);
  const [stored] = await credentials();
  assert.equal(stored?.isResidentCredential, true, 'a discoverable credential, for passwordless sign-in');
});

let beforeFirstUse: VirtualCredential;

test('R-PASSKEY-2, R-SESS-1: the passkey alone signs in from the login page', async () => {
  beforeFirstUse = (await credentials())[0]!;
  await signOut();
  await walk.shot(page, '3-login');
  await page.getByTestId('passkey-sign-in').click();
  await page.getByTestId('gatehouse-dashboard').waitFor();
  const stored = await t.prisma.passkey.findFirstOrThrow({ where: { userId } });
  assert.ok(stored.lastUsedAt, 'the use is recorded');
  assert.ok(stored.counter > beforeFirstUse.signCount, 'the counter grew');
});

test('R-PASSKEY-2: a copy of the credential with an old counter (a cloned authenticator) is refused and audited', async () => {
  await signOut();
  const original = (await credentials())[0]!;
  // The original leaves; a copy made before its last use takes its place.
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  authenticatorId = await addAuthenticator();
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...beforeFirstUse } });
  const refused = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/passkey') && response.request().method() === 'POST');
  await page.getByTestId('passkey-sign-in').click();
  assert.equal((await refused).status(), 401);
  await page.getByTestId('passkey-error').waitFor();
  await walk.shot(page, '4-clone-refused');
  assert.ok(await t.prisma.auditEvent.findFirst({ where: { action: 'auth.passkey', targetId: userId, outcome: 'DENIED', rule: 'R-PASSKEY-2' } }));
  // The refusal was the point here: its 401 (and the browser's console line about it) are expected.
  expectedRefusals();
  // The original comes back.
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  authenticatorId = await addAuthenticator();
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...original } });
});

test('R-PASSKEY-2: after the password, "Use a passkey" answers the second step', async () => {
  await t.prisma.user.update({ where: { id: userId }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true, failedAttempts: 0 } });
  await signInWithPassword();
  await page.locator('#use-passkey').waitFor();
  await walk.shot(page, '5-second-step');
  await page.locator('#use-passkey').click();
  await page.getByTestId('gatehouse-dashboard').waitFor();
  const event = await t.prisma.auditEvent.findFirst({ where: { action: 'auth.signIn', targetId: userId, outcome: 'ALLOWED' }, orderBy: { at: 'desc' } });
  assert.equal(JSON.parse(event?.details ?? '{}').method, 'passkey');
});

test('R-PASSKEY-1: the passkey is removed on My profile and no longer signs in', async () => {
  await openProfile();
  await page.locator('#gh-passkey-password').fill(PASSWORD);
  await page.getByTestId('remove-passkey').click();
  await page.getByText('You have no passkeys yet.').waitFor();
  await walk.shot(page, '6-removed');
  assert.equal(await t.prisma.passkey.count({ where: { userId } }), 0);
  await signOut();
  const refused = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/passkey') && response.request().method() === 'POST');
  await page.getByTestId('passkey-sign-in').click();
  assert.equal((await refused).status(), 401);
  await page.getByTestId('passkey-error').waitFor();
  assert.match(await page.getByTestId('passkey-error').innerText(), /not accepted/);
  expectedRefusals();
});

/** Takes the refused passkey sign-in out of the walk's findings: it was asked for. */
function expectedRefusals(): void {
  const isRefusal = (line: string) => /\/api\/v1\/auth\/passkey: 401$/.test(line);
  assert.ok(walk.seen.failed.some(isRefusal), 'the refusal was seen');
  walk.seen.failed.splice(0, walk.seen.failed.length, ...walk.seen.failed.filter((line) => !isRefusal(line)));
  walk.seen.consoleErrors.splice(0, walk.seen.consoleErrors.length, ...walk.seen.consoleErrors.filter((line) => !/status of 401/.test(line)));
}

test("R-PANEL-1: the passkey pages spoke in words and stayed on the panel's own host", () => {
  walk.assertClean();
});
