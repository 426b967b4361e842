// Mail that does not get lost (R-MAIL-1), against a real SMTP server process that refuses, then
// times out, then accepts; two Gatehouse instances share the outbox, and both run the retry loop.
// Messages are stored redacted and their clear text is kept sealed only until delivered or given
// up (R-OUTBOX-1); the live link reaches the SMTP server alone, and it works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API } from '../support/agent.ts';
import { type Browser, type Cluster, startCluster } from '../support/cluster.ts';
import { type SmtpServerProcess, startSmtpServer } from '../support/smtp-server.ts';

const FIRST_DELAY_MS = 60_000;
const MAX_ATTEMPTS = 4;

let smtp: SmtpServerProcess;
let cluster: Cluster;
let officer: Browser;
let organizationId: string;

before(async () => {
  smtp = await startSmtpServer();
  cluster = await startCluster({
    instances: 2,
    options: { mail: { smtpUrl: smtp.url, timeoutMs: 1_000, retry: { maxAttempts: MAX_ATTEMPTS, firstDelayMs: FIRST_DELAY_MS, everyMs: 0 } } },
  });
  organizationId = await cluster.organization('Mail Root');
  await cluster.member('mail.officer', organizationId, 'complianceOfficer', true);
  officer = await cluster.signIn(cluster.proxy.url, 'mail.officer');
});
after(async () => {
  await cluster?.close();
  await smtp?.stop();
});

const prisma = () => (cluster.instances[0] as Cluster['instances'][number]).gatehouse.context.prisma;
const mailers = () => cluster.instances.map((instance) => instance.gatehouse.context.mailer);
/** Every instance's retry loop, at the same moment. */
const retryEverywhere = async () => (await Promise.all([...mailers(), ...mailers()].map((mailer) => mailer.retryDue()))).reduce((a, b) => a + b, 0);

async function invite(email: string): Promise<string> {
  // The tests move the clock by minutes and hours: a fresh session for each invitation.
  officer = await cluster.signIn(cluster.proxy.url, 'mail.officer');
  const answer = await officer.call(cluster.proxy.url, 'post', '/invitations', { email, organizationId, roleId: 'builtin:standardUser' });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as string;
}

const messageTo = (to: string) => prisma().outboxMessage.findFirstOrThrow({ where: { to } });
const attemptsTo = (to: string, mode?: string) => smtp.attempts.filter((attempt) => attempt.to === to && (mode === undefined || attempt.mode === mode)).length;

test('R-MAIL-1, R-OUTBOX-1: refused, then timed out, then accepted: retried with backoff, once per attempt across instances, and the live link works', async () => {
  const email = 'retried@mail.test';
  await smtp.setMode('refuse');
  const invitationId = await invite(email);
  let row = await messageTo(email);
  assert.equal(row.status, 'PENDING');
  assert.equal(row.attempts, 1);
  assert.equal(row.tokenId, invitationId, 'the row names its invitation');
  assert.match(row.text, /token=\[redacted\]/);
  assert.ok(row.sealed, 'the clear text waits sealed for the next attempt');
  assert.equal(row.nextAttemptAt.getTime(), cluster.clock.now().getTime() + FIRST_DELAY_MS);
  assert.equal(attemptsTo(email, 'refuse'), 1);

  assert.equal(await retryEverywhere(), 0, 'not due yet: nothing is tried before the backoff');
  assert.equal(attemptsTo(email), 1);

  await smtp.setMode('timeout');
  cluster.clock.advance(FIRST_DELAY_MS);
  assert.equal(await retryEverywhere(), 0);
  row = await messageTo(email);
  assert.equal(row.attempts, 2, 'four retry loops at once made one attempt');
  assert.equal(attemptsTo(email, 'timeout'), 1);
  assert.match(row.error ?? '', /timeout/i);
  assert.equal(row.nextAttemptAt.getTime(), cluster.clock.now().getTime() + 2 * FIRST_DELAY_MS, 'the wait doubles');

  await smtp.setMode('accept');
  cluster.clock.advance(2 * FIRST_DELAY_MS);
  assert.equal(await retryEverywhere(), 1);
  row = await messageTo(email);
  assert.equal(row.status, 'SENT');
  assert.equal(row.attempts, 3);
  assert.equal(row.sealed, null, 'delivered: the clear text is gone');
  assert.match(row.text, /token=\[redacted\]/);
  await smtp.settled();
  const delivered = smtp.received.filter((mail) => mail.to.includes(email));
  assert.equal(delivered.length, 1, 'delivered exactly once');
  cluster.clock.advance(10 * FIRST_DELAY_MS);
  assert.equal(await retryEverywhere(), 0);
  assert.equal(smtp.received.filter((mail) => mail.to.includes(email)).length, 1);

  const token = /accept-invitation\?token=([A-Za-z0-9_-]{43})/.exec(delivered[0]?.text ?? '')?.[1];
  assert.ok(token, 'the SMTP server received the live link');
  const accepted = await request(cluster.proxy.url)
    .post(`${API}/invitations/accept`)
    .send({ token, firstName: 'Re', lastName: 'Tried', username: 'retried', password: 'Retried-Mail-2026!' });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
});

test(`R-MAIL-1, R-OUTBOX-1: a message refused ${MAX_ATTEMPTS} times is marked failed, its clear text dropped, and never tried again`, async () => {
  const email = 'given.up@mail.test';
  await smtp.setMode('refuse');
  await invite(email);
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
    cluster.clock.advance(2 ** (attempt - 2) * FIRST_DELAY_MS);
    await retryEverywhere();
  }
  const row = await messageTo(email);
  assert.equal(row.status, 'FAILED');
  assert.equal(row.attempts, MAX_ATTEMPTS);
  assert.equal(row.sealed, null);
  assert.equal(attemptsTo(email), MAX_ATTEMPTS);
  cluster.clock.advance(100 * FIRST_DELAY_MS);
  await smtp.setMode('accept');
  await retryEverywhere();
  assert.equal(attemptsTo(email), MAX_ATTEMPTS, 'given up is final');
});

test('R-MAIL-1: ten messages refused, then every instance retrying at once: each delivered exactly once', async () => {
  await smtp.setMode('refuse');
  const emails = Array.from({ length: 10 }, (_, i) => `batch${i}@mail.test`);
  for (const email of emails) await invite(email);
  await smtp.setMode('accept');
  cluster.clock.advance(FIRST_DELAY_MS);
  assert.equal(await retryEverywhere(), emails.length);
  await smtp.settled();
  for (const email of emails) {
    assert.equal(smtp.received.filter((mail) => mail.to.includes(email)).length, 1, email);
    assert.equal((await messageTo(email)).status, 'SENT');
  }
});
