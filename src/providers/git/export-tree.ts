import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from './git-process.js';

/**
 * Writes the files of `commit` into `destination` (CODE_ZIP): the tree only, no `.git`, executable
 * bits and symbolic links as git records them. It reads the tree into a throwaway index kept in
 * `scratch` and checks that index out, so the source repository (which may be serving pushes at the
 * same moment) is only read, never written: no index, no HEAD, no lock of it is touched.
 */
export async function exportTree(
  env: NodeJS.ProcessEnv,
  gitDir: string,
  commit: string,
  destination: string,
  scratch: string,
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(destination, { recursive: true });
  await mkdir(scratch, { recursive: true });
  const indexFile = join(scratch, `export-${randomUUID()}.index`);
  const withIndex = { ...env, GIT_INDEX_FILE: indexFile };
  const aborting = signal ? { signal } : {};
  try {
    await runGit({ args: ['--git-dir', gitDir, 'read-tree', commit], env: withIndex, ...aborting });
    await runGit({ args: ['--git-dir', gitDir, '--work-tree', destination, 'checkout-index', '--all', '--force'], env: withIndex, ...aborting });
  } finally {
    await rm(indexFile, { force: true });
  }
}
