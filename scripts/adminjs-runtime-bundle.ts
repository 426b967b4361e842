// The panel's AdminJS as one file (plugin/adminjs-runtime.ts, bundled by esbuild over tsc's output).
// Loading AdminJS module by module reads, resolves and links some 1 900 files: over a second between
// the first panel request and its page. One bundled file loads in about a quarter of that, and
// holds less memory. Three things make the bundle behave as the packages do:
//   - AdminJS's own component bundler (Rollup and Babel, a third of those modules) is left out: it
//     runs only in AdminJS's initialize() and watch(), which the panel never calls, and behind the
//     components bundle's route, which the panel serves itself (panel-assets.ts: the components are
//     bundled by `npm run build`). Reaching it anyway says so.
//   - AdminJS finds its files (its version, its front-end bundles, the themes) from `import.meta.url`
//     of its own modules; in the bundle those name the installed adminjs package's files, resolved
//     when the bundle loads, not the bundle's folder.
//   - Express, express-formidable and Prisma stay outside: the host's Express app and Gatehouse's
//     Prisma client must be the very modules the rest of the process uses.
// React, AdminJS's design system and the rest are inlined at the versions the lockfile installs,
// which are the versions the package pins.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

const BANNER = [
  "import { createRequire as __gatehouseCreateRequire } from 'node:module';",
  "import { pathToFileURL as __gatehousePathToFileURL } from 'node:url';",
  // The bundled CommonJS modules require Node's built-ins through this.
  'const require = __gatehouseCreateRequire(import.meta.url);',
  "const __gatehouseAdminjsRoot = new URL('./', __gatehousePathToFileURL(require.resolve('adminjs'))).href;",
  'const __gatehouseAdminjsUrl = (file) => new URL(file, __gatehouseAdminjsRoot).href;',
].join('\n');

const NO_COMPONENT_BUNDLER =
  "const refuse = () => { throw new Error('Gatehouse bundles the panel components at build time (npm run build); AdminJS cannot bundle them at run time'); };\n" +
  'export default { createEntry: refuse, build: refuse, watch: refuse, getOutput: refuse };\n';

function adminjsFiles(adminjsRoot: string): Plugin {
  return {
    name: 'gatehouse-adminjs',
    setup(bundle) {
      bundle.onResolve({ filter: /\/bundler\/components\.bundler\.js$/ }, () => ({ path: 'components.bundler', namespace: 'gatehouse-stub' }));
      bundle.onLoad({ filter: /.*/, namespace: 'gatehouse-stub' }, () => ({ contents: NO_COMPONENT_BUNDLER, loader: 'js' }));
      bundle.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(adminjsRoot + sep)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const file = relative(adminjsRoot, args.path).split(sep).join('/');
        return { contents: source.replaceAll('import.meta.url', `__gatehouseAdminjsUrl(${JSON.stringify(file)})`), loader: 'js' };
      });
    },
  };
}

/** Bundles `entry` (plugin/adminjs-runtime.ts) into `outfile`; returns the number of modules inlined. */
export async function bundleAdminjsRuntime(root: string, entry: string, outfile: string): Promise<number> {
  const adminjsRoot = join(root, 'node_modules', 'adminjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['express', 'express-formidable', '@prisma/*'],
    banner: { js: BANNER },
    plugins: [adminjsFiles(adminjsRoot)],
    // Readable enough to debug, and names kept: @adminjs/express checks `constructor.name === 'AdminJS'`.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  // A later AdminJS (or dependency) that finds files from its own location elsewhere would find
  // them next to the bundle instead: fail the build rather than the panel.
  const output = readFileSync(outfile, 'utf8');
  const uses = output.split('import.meta').length - 1;
  if (uses !== 1) throw new Error(`build: the AdminJS bundle uses import.meta ${uses} times; only the banner may (scripts/adminjs-runtime-bundle.ts)`);
  return Object.keys(result.metafile.inputs).length;
}
