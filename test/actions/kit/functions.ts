import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Writes a local function `<data-dir>/functions/<name>/` with `files` (index.mjs…), and gives it the
 * project's node_modules, as `npm install` in the function's folder would: it may import the AWS SDK.
 */
export function writeFunction(dataDir: string, name: string, files: Record<string, string>): string {
  const dir = join(dataDir, 'functions', name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  return dir;
}
