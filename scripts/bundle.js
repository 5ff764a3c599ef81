// Bundles the command line (bin/reassure.js's main, and the worker threads of --jobs) into
// a few ES modules under dist/bin/, so that start-up reads and compiles a handful of files
// instead of about a hundred. dist/ as tsc builds it stays the library and its types.
// Modules loaded lazily (a command, a format, a parser) stay in chunks of their own.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bin`;

// Modules load some packages on first use through `createRequire(import.meta.url)`, which
// esbuild cannot follow; read as plain `require` calls, the packages are bundled too and
// still run only when first required (esbuild wraps a CommonJS module in a function).
const LOCAL_REQUIRE = 'const require = createRequire(import.meta.url);';
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return source.includes(LOCAL_REQUIRE) ? { contents: source.replace(LOCAL_REQUIRE, ''), loader: 'ts' } : undefined;
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'write-output': 'src/cli/write-output.ts', 'audit-worker': 'src/run/audit-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [bundleLazyRequires],
  // The CommonJS packages require Node's own modules, which an ES module has no `require` for.
  banner: { js: "import { createRequire as reassureCreateRequire } from 'node:module'; const require = reassureCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
