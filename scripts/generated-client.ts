// The generated Prisma clients as the package ships them (scripts/build.ts). Prisma copies its
// runtime (230 kB) and the provider's query compiler (1.9 MB of WebAssembly) into each generated
// client; both are byte for byte those of @prisma/client, which the host installs anyway (a peer,
// pinned to the generator's version). So the shipped index.js loads them from there, and a process
// reads a provider's compiler only when it opens that provider's client. The declarations are cut
// down to what Gatehouse's own declarations name (clientDeclarations).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Provider = 'sqlite' | 'postgresql';

/** Each replacement must match exactly once: a Prisma upgrade that changes the generated code fails the build. */
function replaceOnce(text: string, from: string | RegExp, to: string, what: string): string {
  const matches = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
  if (matches !== 1) throw new Error(`build: expected one ${what} in the generated client, found ${matches}`);
  return text.replace(from, to);
}

function slimIndexJs(source: string, provider: Provider): string {
  let text = source.replaceAll("require('./runtime/client.js')", "require('@prisma/client/runtime/client.js')");
  if (text.includes('./runtime/')) throw new Error('build: the generated client still names its own runtime');
  text = replaceOnce(text, "require('./query_compiler_bg.js')", `require('@prisma/client/runtime/query_compiler_bg.${provider}.js')`, 'query compiler import');
  text = replaceOnce(
    text,
    /const queryCompilerWasmFilePath = [^\n]*\n\s*const queryCompilerWasmFileBytes = [^\n]*\n/,
    // The base64 text (2.4 MB) is needed once, to decode: out of require's cache, it is not held for the process's life.
    `const queryCompilerWasmBase64Path = require.resolve('@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64.js')\n` +
      `        const queryCompilerWasmFileBytes = Buffer.from(require(queryCompilerWasmBase64Path).wasm, 'base64')\n` +
      `        delete require.cache[queryCompilerWasmBase64Path]\n`,
    'query compiler module',
  );
  return text;
}

/** What the package's own declarations name from its Prisma client: `Prisma.X` and `$Enums.X`. */
export interface ClientTypeUses {
  readonly prisma: readonly string[];
  readonly enums: readonly string[];
}

/** Scans compiled declarations for the client's type names they use. */
export function clientTypeUses(declarationFiles: readonly string[]): ClientTypeUses {
  const prisma = new Set<string>();
  const enums = new Set<string>();
  for (const file of declarationFiles) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bPrisma\.([A-Za-z]+)/g)) prisma.add(match[1]!);
    for (const match of text.matchAll(/\$Enums\.([A-Za-z]+)/g)) enums.add(match[1]!);
  }
  return { prisma: [...prisma].sort(), enums: [...enums].sort() };
}

/**
 * The shipped declarations of Gatehouse's own client. Its full types (about 1 MB) would be parsed
 * by every TypeScript host for a client that stays internal: the host's own client (generated from
 * gatehouse.prisma) carries the same models, fully typed. So only the names Gatehouse's declarations
 * use are declared, loosely, and the enums exactly.
 */
function clientDeclarations(uses: ClientTypeUses, enums: Readonly<Record<string, readonly string[]>>): string {
  const enumTypes = uses.enums.map((name) => {
    const values = enums[name];
    if (!values) throw new Error(`build: the declarations use $Enums.${name}, which the schema does not define`);
    return `  type ${name} = ${values.map((value) => JSON.stringify(value)).join(' | ')};`;
  });
  return [
    "// Gatehouse's own Prisma client, as far as its declarations name it (scripts/generated-client.ts).",
    '/* eslint-disable */',
    'export declare class PrismaClient {',
    '  constructor(options?: unknown);',
    '  $connect(): Promise<void>;',
    '  $disconnect(): Promise<void>;',
    '  $transaction(...args: any[]): Promise<any>;',
    '  [member: string]: any;',
    '}',
    'export declare namespace $Enums {',
    ...enumTypes,
    '}',
    'export declare namespace Prisma {',
    ...uses.prisma.map((name) => `  type ${name}<A = any, B = any> = any;`),
    '}',
    '',
  ].join('\n');
}

function writeIfChanged(path: string, content: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  writeFileSync(path, content);
}

/** Writes `to` from the generated client in `from`; unchanged files are left alone (a running server keeps them). */
export function writeGeneratedClient(
  from: string,
  to: string,
  options: { provider: Provider; declarations?: { uses: ClientTypeUses; enums: Readonly<Record<string, readonly string[]>> } },
): void {
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { name: string };
  const files: Record<string, string> = {
    'index.js': slimIndexJs(readFileSync(join(from, 'index.js'), 'utf8'), options.provider),
    // index.js checks that its schema sits beside it to find its own folder.
    'schema.prisma': readFileSync(join(from, 'schema.prisma'), 'utf8'),
    'package.json': `${JSON.stringify({ name: manifest.name, private: true, main: 'index.js', ...(options.declarations ? { types: 'index.d.ts' } : {}) }, null, 2)}\n`,
  };
  if (options.declarations) files['index.d.ts'] = clientDeclarations(options.declarations.uses, options.declarations.enums);
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(to)) if (!Object.hasOwn(files, entry)) rmSync(join(to, entry), { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) writeIfChanged(join(to, name), content);
}
