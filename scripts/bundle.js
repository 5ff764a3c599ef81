// Bundles the command line into dist/bin/: reassure.cjs (main and what it loads, run by
// bin/reassure.js through V8's code cache, which Node 20 keeps only for CommonJS),
// start.cjs (what bin needs to run it) and audit-worker.js (the worker threads of --jobs,
// an ES module). Start-up then reads one
// file instead of about a hundred. dist/ as tsc builds it stays the library and its types.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
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

// commander requires child_process (and with it dgram and more of Node) when it loads, for
// the executable subcommands reassure does not have: bundled, it requires it on first spawn.
const EAGER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const deferChildProcess = {
  name: 'defer-child-process',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(EAGER_CHILD_PROCESS)) throw new Error(`${args.path}: expected "${EAGER_CHILD_PROCESS}" (update scripts/bundle.js for this commander)`);
      return { contents: source.replace(EAGER_CHILD_PROCESS, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
    });
  },
};

// cli-table3 measures every cell with string-width, whose emoji regex V8 compiles on the
// first cell (about 250 kB of machine code, the largest regex a small run compiles): it
// gets src/format/cell-width.ts instead, which leaves plain text to its length.
const measureCellsPlainly = {
  name: 'measure-cells-plainly',
  setup(plugin) {
    const fromTable = `${path.sep}cli-table3${path.sep}`;
    plugin.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer.includes(fromTable) ? { path: 'string-width', namespace: 'cell-width', pluginData: args.resolveDir } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'cell-width' }, (args) => ({
      contents: `const measure = require('string-width');\nconst { measureCellWidth } = require(${JSON.stringify(`${root}src/format/cell-width.ts`)});\nmodule.exports = (text) => measureCellWidth(text, measure);\n`,
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // A third fewer bytes to read and hash at each start. Identifiers stay as written: keeping
  // the names of minified ones (esbuild's keepNames) renames every closure as it is made,
  // which cost a fifth of the matching time on the corpus.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [bundleLazyRequires, deferChildProcess, measureCellsPlainly],
  logLevel: 'warning',
};

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  stdin: {
    contents: "export { main } from './src/cli/main.ts';\nexport { describeWriteError } from './src/cli/write-output.ts';\n",
    resolveDir: root,
    loader: 'ts',
  },
  outfile: `${outdir}/reassure.cjs`,
  format: 'cjs',
  // Modules find files beside them (the rules, the schemas, the worker) from their URL.
  define: { 'import.meta.url': 'reassureModuleUrl' },
  banner: { js: "const reassureModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// What bin/reassure.js needs before the bundle: a CommonJS file, which Node loads faster
// than the ES modules it comes from.
await build({
  ...common,
  stdin: {
    contents: [
      "export { loadBundle } from './src/cli/code-cache.ts';",
      "export { resolveCacheDirectory } from './src/cache-directory.ts';",
      "export { limitHeapGrowth } from './src/run/heap-growth.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: `${outdir}/start.cjs`,
  format: 'cjs',
});
await build({
  ...common,
  entryPoints: { 'audit-worker': 'src/run/audit-worker.ts' },
  outdir,
  format: 'esm',
  // The CommonJS packages require Node's own modules, which an ES module has no `require` for.
  banner: { js: "import { createRequire as reassureCreateRequire } from 'node:module'; const require = reassureCreateRequire(import.meta.url);" },
});

// V8 holds an ASCII file's text in one byte a character and a file with any other character
// in two: twice the memory to decode, copy and scan at each start (a single ’ in a raw
// template, which esbuild cannot escape, cost about 20 ms). Escape such characters in src/.
for (const name of readdirSync(outdir)) {
  const offset = readFileSync(`${outdir}/${name}`).findIndex((byte) => byte > 0x7f);
  if (offset >= 0) {
    process.stderr.write(`dist/bin/${name}: a character outside ASCII at byte ${offset} (expected ASCII only: escape it in its source)\n`);
    process.exitCode = 1;
  }
}
