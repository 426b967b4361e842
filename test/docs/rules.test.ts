// docs/rules.md is where every rule id is defined. These tests keep it and the code together: an id
// used anywhere — code, tests, docs, an operation's declaration — must be defined there.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtInOperations } from '../../src/operations/built-in.ts';

const root = join(import.meta.dirname, '..', '..');
const RULE = /\bR-[A-Z]+-\d+\b/g;

function definedRules(): Set<string> {
  const text = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  return new Set([...text.matchAll(/^\| (R-[A-Z]+-\d+) \|/gm)].map((match) => match[1] as string));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx|md)$/.test(name) ? [path] : [];
  });
}

test('every rule id used in the code, the tests and the docs is defined in docs/rules.md', () => {
  const defined = definedRules();
  const files = [...['src', 'plugin', 'test', 'docs', 'demo', 'examples'].flatMap((dir) => filesUnder(join(root, dir))), join(root, 'README.md')];
  const undefinedUses = new Map<string, string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(RULE)) {
      if (!defined.has(match[0]) && !undefinedUses.has(match[0])) undefinedUses.set(match[0], file.slice(root.length + 1));
    }
  }
  assert.deepEqual([...undefinedUses.entries()], [], 'rule ids used but not defined (id, first file)');
});

test('every operation names the rules that guard it, each defined in docs/rules.md', () => {
  const defined = definedRules();
  for (const operation of builtInOperations) {
    assert.ok(operation.rules.length > 0, `${operation.key} names its rules`);
    for (const rule of operation.rules) assert.ok(defined.has(rule), `${operation.key}: ${rule} is defined`);
  }
});
