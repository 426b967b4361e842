// Every rule the engine can name is defined, in words, in docs/rules.md, the one place rule ids are defined.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ruleIds, ruleReasons } from '../../src/engine/rules.ts';

const rulesDoc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
const defined = new Set([...rulesDoc.matchAll(/^\| (R-[A-Z]+-\d+) \| (.+?) \| (guard|behaviour) \|/gm)].map((match) => match[1]));

test('R-PERM-1: every rule the engine names is a guard defined in docs/rules.md, with a reason for the person denied', () => {
  for (const rule of ruleIds) {
    assert.ok(defined.has(rule), `${rule} is not defined in docs/rules.md`);
    assert.match(rulesDoc, new RegExp(`^\\| ${rule} \\| .+ \\| guard \\|`, 'm'), `${rule} is a guard`);
    assert.ok(ruleReasons[rule].endsWith('.'), `${rule} has a sentence for the person denied`);
  }
});
