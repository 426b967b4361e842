// Starts Gatehouse in a process of its own and says whether Prisma's query compiler was loaded by
// the start, then after one Prisma query (which must load it: the check can tell). Prints one JSON
// line. Environment: DATABASE_URL, GATEHOUSE_PRESET.
import { createRequire } from 'node:module';
import { createGatehouse } from '../../src/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { silentLogger } from './setup.ts';

// Prisma's generated client requires its query compiler's glue module on its first query.
const require = createRequire(import.meta.url);
const compilerLoaded = () => Object.keys(require.cache).some((path) => /query_compiler_bg/.test(path));

const gatehouse = await createGatehouse({
  databaseUrl: process.env.DATABASE_URL ?? '',
  preset: (process.env.GATEHOUSE_PRESET ?? 'seed002') as PresetId,
  secret: 'start-child-secret-0123456789abcdef',
  logger: silentLogger,
  passwordHashing: { memoryKiB: 1024, passes: 1 },
});
const afterStart = compilerLoaded();
await gatehouse.context.prisma.user.count();
console.log(JSON.stringify({ afterStart, afterQuery: compilerLoaded() }));
await gatehouse.close();
