import { build } from 'esbuild';

/**
 * A node script and the AWS SDK it imports, bundled into one file: a build in the sandbox sees the
 * host's system directories (node is /usr/bin/node) but not this package's node_modules, so the SDK
 * travels inside the script, as a user's bundled tool would. esbuild is vite's and tsx's bundler.
 */
export async function bundleSdkScript(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // The SDK's CommonJS parts call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as pipewrightRequire } from 'node:module'; const require = pipewrightRequire(import.meta.url);" },
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced nothing');
  return file.text;
}
