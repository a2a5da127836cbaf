import { readFile } from 'node:fs/promises';

/** Where a shell session left off: its working directory and exported environment. */
export interface ShellState {
  cwd: string;
  env: Record<string, string>;
}

/** Variables the shell maintains itself: carrying them into the next session would only mislead it. */
const shellOwned = new Set(['_', 'PWD', 'OLDPWD', 'SHLVL']);

/** Reads the state file the session script's EXIT trap wrote (`$PWD\0` then `env -0`); undefined when there is none. */
export async function readShellState(stateFile: string): Promise<ShellState | undefined> {
  let content: string;
  try {
    content = await readFile(stateFile, 'utf8');
  } catch {
    return undefined;
  }
  const entries = content.split('\0');
  const cwd = entries.shift();
  if (cwd === undefined || cwd === '') return undefined;
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!shellOwned.has(name)) env[name] = entry.slice(eq + 1);
  }
  return { cwd, env };
}
