// The files the README tells a host to write, taken from the README itself: a fenced block whose
// first line is `// file: <path>`. The package matrix writes them verbatim, so the README cannot
// drift from what is tested.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

export function readmeFile(path: string): string {
  for (const match of readme.matchAll(/^( *)```[a-z]*\n([\s\S]*?)^\1```$/gm)) {
    const indent = match[1]!.length;
    const lines = match[2]!.split('\n').map((line) => line.slice(indent));
    if (lines[0]?.trim() === `// file: ${path}`) return `${lines.slice(1).join('\n').trimEnd()}\n`;
  }
  throw new Error(`README.md has no block for ${path}`);
}
