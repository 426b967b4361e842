// R-HTML-1: the REST API's answers are JSON, which loads and runs nothing, so their content security
// policy allows nothing at all; the panel's pages run only scripts carrying the response's nonce.
// Which policy applies follows the API's own mount, matched as Express matches it (any letter case).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import type { TestSetup } from '../support/setup.ts';
import { panelSetup } from '../panel/helpers.ts';

let t: TestSetup;
before(async () => {
  t = await panelSetup();
});
after(() => t.close());

test('R-HTML-1: every REST answer, in any letter case of its path, allows nothing; a panel page allows only its nonce\'s scripts', async () => {
  for (const path of ['/admin/api/v1/me', '/admin/API/V1/me', '/admin/api/v1/no-such-route']) {
    const answer = await request(t.app).get(path);
    assert.match(String(answer.headers['content-type']), /json/, path);
    assert.equal(answer.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", path);
  }
  const page = await request(t.app).get('/admin/login');
  assert.equal(page.status, 200);
  assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self' 'nonce-[^']+'/);
});
