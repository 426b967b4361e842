// The panel's pages ask no other host for anything (R-PANEL-1): AdminJS's templates link Google
// Fonts and would show its own logo; Gatehouse's pages carry the host's product name, the system's
// fonts and an inline icon, under a content security policy that names only the panel's origin.
// The browser test (test/browser/panel.test.ts) watches the requests a real page makes; this one
// reads what the server sends, for every kind of page, without a browser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import type { TestSetup } from '../support/setup.ts';
import { demo, panelSetup, signInToPanel } from './helpers.ts';

let t: TestSetup;

before(async () => {
  t = await panelSetup({ productName: 'Acme Back Office' });
});
after(() => t.close());

/** Every other host a page would load from: links, scripts, images and stylesheet imports (comments name hosts too, harmlessly). */
function foreignUrls(html: string): string[] {
  return [...html.matchAll(/(?:(?:href|src|action)=["']?|url\(["']?|@import\s+["']?)((?:https?:)?\/\/[^\s"'<>)]+)/g)].map((match) => match[1] ?? '');
}

function assertOwnHostOnly(page: { text: string; headers: Record<string, string> }, what: string): void {
  assert.deepEqual(foreignUrls(page.text), [], `${what} names no other host`);
  const policy = page.headers['content-security-policy'] ?? '';
  for (const directive of ['font-src', 'style-src', 'img-src']) {
    const sources = new RegExp(`${directive} ([^;]*)`).exec(policy)?.[1] ?? '';
    assert.doesNotMatch(sources, /https?:|\*/, `${what}: ${directive} allows no other host (${sources})`);
  }
}

test('R-PANEL-1: the sign-in page names the host\'s product and links no font service, no logo, no icon elsewhere', async () => {
  const page = await request(t.app).get('/admin/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /Acme Back Office/);
  assert.doesNotMatch(page.text, /fonts\.googleapis|AdminJS – the world/);
  assertOwnHostOnly(page, 'the sign-in page');
});

test('R-PANEL-1: a signed-in panel page carries the product name, an inline icon and no AdminJS logo', async () => {
  const agent = await signInToPanel(t.app, demo.owner);
  const page = await agent.get('/admin');
  assert.equal(page.status, 200);
  assertOwnHostOnly(page, 'the dashboard');
  assert.match(page.text, /<link rel="shortcut icon" type="image\/x-icon" href="data:image\/svg\+xml,/);
  const state = /window\.REDUX_STATE = (.*);\n/.exec(page.text)?.[1] ?? '{}';
  const branding = (JSON.parse(state) as { branding: { companyName: string; logo: unknown } }).branding;
  assert.equal(branding.companyName, 'Acme Back Office');
  assert.equal(branding.logo, false, 'the product name, not AdminJS\'s logo');
});

test('R-PANEL-1: the server-rendered pages (password reset) carry the inline icon and link nothing elsewhere', async () => {
  const page = await request(t.app).get('/admin/forgot-password');
  assert.equal(page.status, 200);
  assert.match(page.text, /<link rel="icon" href="data:image\/svg\+xml,/);
  assertOwnHostOnly(page, 'the forgot-password page');
});
