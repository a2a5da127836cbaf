import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Overlay mounts for writable checkouts: the lower layer is a shared read-only tree of hard links to
 * the blobs, the upper layer is private to one checkout. Reading costs nothing, and writing a file
 * copies that one file up. Where the kernel offers it, `metacopy=on` makes a chmod or chown copy up
 * only the metadata, not the data.
 *
 * Mounting needs root and a kernel and filesystem that allow it (not, for instance, an overlay upper
 * layer on another overlay, as inside many containers), so the store probes once and falls back to copies.
 */
export interface OverlayLayers {
  lower: string;
  upper: string;
  work: string;
  target: string;
}

/** Characters that mount(8) would read as option separators: such paths are not mounted, they are copied. */
const unsafeInOptions = /[,:\\\s]/;

export function canMountPaths(layers: OverlayLayers): boolean {
  return ![layers.lower, layers.upper, layers.work].some((path) => unsafeInOptions.test(path));
}

/** How overlays are mounted here, as found by the probe. */
export interface OverlaySupport {
  metacopy: boolean;
}

export async function mountOverlay(layers: OverlayLayers, support: OverlaySupport): Promise<void> {
  const options = `lowerdir=${layers.lower},upperdir=${layers.upper},workdir=${layers.work}${support.metacopy ? ',metacopy=on' : ''}`;
  await run('mount', ['-t', 'overlay', 'overlay', '-o', options, layers.target]);
}

/** Unmounts; a mount still in use (a process with its cwd inside) is detached lazily instead. */
export async function unmount(target: string): Promise<void> {
  try {
    await run('umount', [target]);
  } catch {
    await run('umount', ['-l', target]);
  }
}

/**
 * Whether overlay checkouts work here, and with which options: as root, mounts a tiny overlay inside
 * `scratch` (on the same filesystem as the store) and checks that a chmod and a write through it leave
 * the lower layer alone. Tries metacopy first, then a plain overlay.
 */
export async function probeOverlay(scratch: string): Promise<OverlaySupport | undefined> {
  if (process.getuid?.() !== 0 || process.platform !== 'linux') return undefined;
  for (const support of [{ metacopy: true }, { metacopy: false }]) {
    if (await overlayWorks(scratch, support)) return support;
  }
  return undefined;
}

async function overlayWorks(scratch: string, support: OverlaySupport): Promise<boolean> {
  const root = join(scratch, `probe-${randomUUID()}`);
  const layers: OverlayLayers = { lower: join(root, 'lower'), upper: join(root, 'upper'), work: join(root, 'work'), target: join(root, 'merged') };
  if (!canMountPaths(layers)) return false;
  try {
    for (const dir of [layers.lower, layers.upper, layers.work, layers.target]) await mkdir(dir, { recursive: true });
    await writeFile(join(layers.lower, 'probe'), 'lower');
    await chmod(join(layers.lower, 'probe'), 0o444);
    try {
      await mountOverlay(layers, support);
    } catch {
      return false;
    }
    try {
      await chmod(join(layers.target, 'probe'), 0o644);
      await writeFile(join(layers.target, 'probe'), 'upper');
      const lower = await stat(join(layers.lower, 'probe'));
      return (lower.mode & 0o777) === 0o444 && (await readFile(join(layers.lower, 'probe'), 'utf8')) === 'lower';
    } finally {
      await unmount(layers.target);
    }
  } catch {
    return false;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Unmounts every overlay whose upper layer lives under `mountsRoot`: what a crashed process left
 * behind. Read from /proc/self/mountinfo, whose super options name the upper directory.
 */
export async function unmountLeftovers(mountsRoot: string): Promise<string[]> {
  let table: string;
  try {
    table = await readFile('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const prefix = `upperdir=${mountsRoot}/`;
  const targets: string[] = [];
  for (const line of table.split('\n')) {
    const [mountFields, fsFields] = line.split(' - ');
    if (mountFields === undefined || fsFields === undefined) continue;
    const [fsType, , superOptions = ''] = fsFields.split(' ');
    if (fsType !== 'overlay') continue;
    if (!superOptions.split(',').some((option) => unescapeMountField(option).startsWith(prefix))) continue;
    const mountPoint = mountFields.split(' ')[4];
    if (mountPoint !== undefined) targets.push(unescapeMountField(mountPoint));
  }
  // Deepest first, in case a checkout was made inside another.
  targets.sort((a, b) => b.length - a.length);
  for (const target of targets) await unmount(target);
  return targets;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes (`\040`). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
