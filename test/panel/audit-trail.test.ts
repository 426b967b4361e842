// The audit trail as staff read it (R-AUDIT-1): who, what, to whom and how it ended in words, with
// filters, and the CSV export — scoped like the list, formula-safe, refusing bad filters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestSetup } from '../support/setup.ts';
import { signIn } from '../support/agent.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { type Agent, demo, panelSetup, runRecordAction, signInToPanel, userId } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
let standardId: string;

before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
  standardId = await userId(t, demo.standard);
  // Something to read: a lock and an unlock, a refusal, and a user whose name is a spreadsheet formula.
  assert.equal((await runRecordAction(owner, 'User', standardId, 'lock')).status, 200);
  assert.equal((await runRecordAction(owner, 'User', standardId, 'unlock')).status, 200);
  const standard = await signInToPanel(t.app, demo.standard);
  assert.equal((await runRecordAction(standard, 'User', await userId(t, demo.advanced), 'lock')).status, 403);
  await t.prisma.user.update({ where: { id: standardId }, data: { firstName: '=HYPERLINK("http://evil.example")' } });
});
after(() => t.close());

type Params = Record<string, string>;

async function trail(query = ''): Promise<Params[]> {
  const list = await owner.get(`/admin/api/resources/AuditEvent/actions/list?perPage=100${query}`);
  assert.equal(list.status, 200);
  return (list.body.records as { params: Params }[]).map((record) => record.params);
}

test('R-AUDIT-1: the panel reads each event in words — who, what, to whom, how it ended — with no raw keys or ids', async () => {
  const rows = await trail();
  const lock = rows.find((row) => row.actionText === 'Lock' && row.targetText?.includes(demo.standard));
  assert.ok(lock, JSON.stringify(rows.slice(0, 3)));
  assert.match(lock.actorText ?? '', new RegExp(`\\(${demo.owner.replace('.', '\\.')}\\)`));
  assert.equal(lock.outcome, 'ALLOWED', 'the stored value; AdminJS shows its label');
  assert.ok(rows.some((row) => row.actionText === 'Unlock'));
  const refused = rows.find((row) => row.outcome === 'DENIED');
  assert.ok(refused, 'the refusal is in the trail');
  for (const row of rows) {
    for (const field of ['actionText', 'actorText', 'targetText']) {
      assert.doesNotMatch(row[field] ?? '', /\b[a-z]+\.[a-z]+[A-Za-z.]*\b(?![^(]*\))|\b(ALLOWED|DENIED|FAILED)\b/, `${field}: ${row[field]}`);
    }
  }
});

test('R-AUDIT-1: the outcome and action filters offer words and filter the list', async () => {
  const denied = await trail('&filters.outcome=DENIED');
  assert.ok(denied.length > 0);
  assert.ok(denied.every((row) => row.outcome === 'DENIED'));
  const locks = await trail('&filters.action=user.lock');
  assert.ok(locks.length >= 2 && locks.every((row) => row.action === 'user.lock'));

});

test('R-AUDIT-1, R-TENANT-1: the CSV export has the words beside the ids, the same filters and scope, and no formula cells', async () => {
  const client = await signIn(t.app, demo.owner, DEMO_PASSWORD);
  const all = await client.call('get', '/audit-events/export.csv');
  assert.equal(all.status, 200, all.text);
  assert.match(String(all.headers['content-type']), /^text\/csv/);
  assert.match(String(all.headers['content-disposition']), /attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = all.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'When,By,Action,Outcome,Target,Details,Rule,IP address,Actor id,Action key,Target type,Target id,Organisation id');
  const listed = await client.call('get', '/audit-events?pageSize=100');
  assert.equal(lines.length - 1, listed.body.total, 'one line per event of the list');
  assert.equal(all.headers['x-total-count'], String(listed.body.total));
  assert.ok(lines.some((line) => line.includes(',Lock,Done,') && line.includes(',user.lock,user,')));
  // The renamed user's formula is neutralised where it appears (as target).
  assert.ok(all.text.includes(`'=HYPERLINK(""http://evil.example"")`), 'a cell starting with = starts with an apostrophe');
  assert.ok(!/(^|,)=HYPERLINK/m.test(all.text));

  const denied = await client.call('get', '/audit-events/export.csv?outcome=DENIED');
  const deniedLines = denied.text.trim().split('\r\n').slice(1);
  assert.ok(deniedLines.length > 0 && deniedLines.every((line) => line.includes(',Refused,')));

  // A Standard User has no audit.view: the export is as empty as the list.
  const standard = await signIn(t.app, demo.standard, DEMO_PASSWORD);
  const none = await standard.call('get', '/audit-events/export.csv');
  assert.equal(none.status, 200);
  assert.equal(none.text.replace(/^\uFEFF/, '').trim().split('\r\n').length, 1, 'the header only');

  for (const bad of ['from=yesterday', 'outcome=MAYBE', 'from=2026-02-01&to=2026-01-01', 'unknown=1']) {
    const refused = await client.call('get', `/audit-events/export.csv?${bad}`);
    assert.equal(refused.status, 400, bad);
    assert.equal(String(refused.headers['content-type']).split(';')[0], 'application/problem+json');
  }
});

test('R-AUDIT-1: the panel offers the export as a page of the audit trail', async () => {
  const action = await owner.get('/admin/api/resources/AuditEvent/actions/exportCsv');
  assert.equal(action.status, 200);
});
