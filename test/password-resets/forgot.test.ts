// R-PWD-4: "forgot password" through POST /password-resets, with the sign-in rate limits on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { settledPasswordResetRequests } from '../../src/password-resets/request.ts';
import { API } from '../support/agent.ts';
import { Mailbox } from '../support/mailbox.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, OTHER_PASSWORD, organizationWithOwner, publicPost } from '../invitations/support.ts';

let t: TestSetup;
let org: string;
let app: express.Express;
/** While set, the mail transport waits for it: the answer must not. */
let gate: Promise<void> | null = null;
const mailbox = new Mailbox();
before(async () => {
  t = await setup({
    signInRateLimit: { perIp: 8, perAccount: 100 },
    mail: {
      onMessage: async (message) => {
        await gate;
        mailbox.capture(message);
      },
    },
  });
  ({ organizationId: org } = await organizationWithOwner(t));
  // Behind a proxy the app trusts, so that each test chooses the client address.
  app = express();
  app.set('trust proxy', true);
  app.use('/admin', t.gatehouse.router);
});
after(() => t.close());

const forgot = (email: string, ip = '198.51.100.1') => request(app).post(`${API}/password-resets`).set('X-Forwarded-For', ip).send({ email });
const resetLinks = (to: string) => mailbox.messages.filter((message) => message.to === to && message.kind === 'password-reset');

test('R-PWD-4: known and unknown addresses get the same answer before any work is done; the link comes after', async () => {
  const user = await member(t, org, 'standardUser');
  let open = () => {};
  gate = new Promise((resolve) => (open = resolve));
  // Answered while the mail cannot go: the answer does not wait for the work.
  const known = await forgot(user.email);
  const unknown = await forgot('nobody.here@example.test');
  const mailedAtAnswer = resetLinks(user.email).length;
  open();
  gate = null;
  assert.equal(known.status, 202);
  assert.deepEqual(known.body, unknown.body);
  assert.deepEqual(Object.keys(known.headers).filter((name) => !['date', 'etag', 'ratelimit', 'ratelimit-policy'].includes(name)).sort(), Object.keys(unknown.headers).filter((name) => !['date', 'etag', 'ratelimit', 'ratelimit-policy'].includes(name)).sort());
  await settledPasswordResetRequests(t.gatehouse.context);
  assert.equal(mailedAtAnswer, 0);
  assert.equal(resetLinks(user.email).length, 1);
  assert.equal(resetLinks('nobody.here@example.test').length, 0);
});

test('R-PWD-4: at most 3 links an hour per account; a fourth request neither mails nor kills the live link', async () => {
  const user = await member(t, org, 'standardUser');
  for (let request = 0; request < 5; request += 1) {
    assert.equal((await forgot(user.email, `203.0.113.${request}`)).status, 202);
    await settledPasswordResetRequests(t.gatehouse.context);
  }
  const links = resetLinks(user.email);
  assert.equal(links.length, 3);
  const token = /token=([A-Za-z0-9_-]+)/.exec(links.at(-1)?.text ?? '')?.[1] ?? '';
  assert.equal((await publicPost(t, '/password-resets/complete', { token, password: OTHER_PASSWORD })).status, 204, 'the last link mailed still works');
  // An hour later the account may ask again.
  t.clock.advance(60 * 60_000 + 1);
  await forgot(user.email, '203.0.113.9');
  await settledPasswordResetRequests(t.gatehouse.context);
  assert.equal(resetLinks(user.email).length, 4);
});

test('R-PWD-4: requests from one address are rate limited (429), whatever the accounts asked for', async () => {
  const statuses: number[] = [];
  for (let request = 0; request < 10; request += 1) statuses.push((await forgot(`someone${request}@example.test`, '192.0.2.77')).status);
  assert.deepEqual(statuses, [...Array<number>(8).fill(202), 429, 429]);
  await settledPasswordResetRequests(t.gatehouse.context);
});
