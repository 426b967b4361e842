// Reads a V8 .cpuprofile (node --cpu-prof) and says where the busy CPU went, by part of the
// stack. A native frame (no script of its own: a better-sqlite3 statement, a crypto call) counts
// for the part that called it, except SQLite's own calls, which are counted apart.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const PARTS: readonly (readonly [string, (url: string, name: string) => boolean])[] = [
  ['Prisma query compiler (WebAssembly)', (url) => url.startsWith('wasm://') || url.includes('query_compiler')],
  ['Prisma driver adapter', (url) => url.includes('@prisma/adapter')],
  ['Prisma client runtime', (url) => url.includes('@prisma/client') || url.includes('/generated/')],
  ['better-auth (and kysely)', (url) => url.includes('better-auth') || url.includes('kysely') || url.includes('better-call')],
  ['express-session', (url) => /node_modules\/(express-session|cookie|cookie-signature|on-headers|uid-safe)\//.test(url)],
  ['helmet', (url) => url.includes('node_modules/helmet/')],
  ['zod', (url) => url.includes('node_modules/zod/')],
  ['Express', (url) => /node_modules\/(express|router|body-parser|finalhandler|send|serve-static|type-is|accepts|content-type|raw-body|qs|parseurl|path-to-regexp|mime-types|negotiator|statuses|on-finished|encodeurl|etag|fresh|vary|proxy-addr|depd|debug)\//.test(url)],
  ['better-sqlite3 (JS side)', (url) => url.includes('better-sqlite3')],
  ['role engine', (url) => url.includes('/src/engine/')],
  ['Gatehouse', (url) => !url.includes('node_modules') && (url.includes('/src/') || url.includes('/plugin/') || url.includes('/bench/'))],
  ['Node HTTP and net', (url) => /node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream))/.test(url) || url.includes('_http_')],
  ['other packages', (url) => url.includes('node_modules')],
  ['Node internals', (url) => url.startsWith('node:')],
];

const SQLITE_CALLS = new Set(['get', 'all', 'run', 'iterate', 'prepare', 'raw', 'pluck', 'columns', 'exec']);

function partOf(url: string, name: string): string | null {
  if (name === '(garbage collector)') return 'garbage collector';
  if (name === '(program)') return 'V8 and native, unattributed';
  if (url === '') return null;
  for (const [part, matches] of PARTS) if (matches(url, name)) return part;
  return 'other';
}

/** `requests`: how many requests the profile covers, to give each part's CPU per request too. */
export function summarizeProfile(file: string, requests = 0): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const partCache = new Map<number, string>();
  const resolvePart = (id: number): string => {
    const cached = partCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    let part: string;
    if (!node) part = 'other';
    else {
      const own = partOf(node.callFrame.url, node.callFrame.functionName);
      const parentId = parent.get(id);
      const parentNode = parentId === undefined ? undefined : byId.get(parentId);
      if (own !== null) part = own;
      else if (SQLITE_CALLS.has(node.callFrame.functionName) && parentNode && /better-sqlite3|adapter-better-sqlite3|\/src\/db\/|\/src\/reads\//.test(parentNode.callFrame.url)) part = 'SQLite (native statements)';
      else part = parentId === undefined ? 'other' : resolvePart(parentId);
    }
    partCache.set(id, part);
    return part;
  };

  const micros = new Map<string, number>();
  const byFunction = new Map<string, number>();
  // Inclusive time of Gatehouse's own functions: a function counts once per sample it is on the stack of.
  const inclusive = new Map<string, number>();
  const ownFrame = (node: ProfileNode) => !node.callFrame.url.includes('node_modules') && /\/(src|plugin)\//.test(node.callFrame.url);
  const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|plugin|bench)\//, '$1/')}`;
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(root)') return;
    const part = resolvePart(id);
    micros.set(part, (micros.get(part) ?? 0) + delta);
    const where = label(node);
    byFunction.set(where, (byFunction.get(where) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame && ownFrame(frame)) onStack.add(label(frame));
    }
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
    busy += delta;
  });
  const rows = [...micros.entries()].sort((a, b) => b[1] - a[1]);
  return [
    `busy CPU ${(busy / 1e6).toFixed(2)} s${requests > 0 ? `, ${(busy / requests).toFixed(0)} µs per request` : ''}, by part:`,
    ...rows.map(([part, value]) => `  ${((100 * value) / busy).toFixed(1).padStart(5)} %  ${requests > 0 ? `${(value / requests).toFixed(1).padStart(6)} µs  ` : ''}${part}`),
    'heaviest functions (self time):',
    ...[...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.PROFILE_TOP ?? 15))
      .map(([where, value]) => `  ${((100 * value) / busy).toFixed(1).padStart(5)} %  ${where}`),
    "Gatehouse's functions (inclusive time):",
    ...[...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([where, value]) => `  ${((100 * value) / busy).toFixed(1).padStart(5)} %  ${where}`),
  ].join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.ts') && process.argv[2]) console.log(summarizeProfile(process.argv[2]));
