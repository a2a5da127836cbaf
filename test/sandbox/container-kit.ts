import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small image made in the test: a static busybox (Debian's busybox-static, installed by .ci/run)
 * with its applets and a marker file no host has, imported into podman from a rootfs tar. There is no
 * registry to pull from: the image exists only because the test imported it.
 */
export const engine = 'podman';
/** crun cannot start containers here ("cgroups in hybrid mode not supported"): the engine is told to use runc. */
export const runtime = 'runc';

export function podman(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(engine, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.error !== undefined ? result.error.message : (result.stderr ?? '') };
}

/** Imports the image; returns its name, or why it cannot (no podman, no busybox, or the engine cannot start a container here). */
export function importTestImage(name: string, marker: string): { image: string } | { reason: string } {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((path) => existsSync(path));
  if (busybox === undefined) return { reason: 'busybox-static is not installed (.ci/run installs it)' };
  if (podman(['version']).status !== 0) return { reason: 'podman is not installed or cannot run (.ci/run installs it)' };
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-rootfs-'));
  try {
    const root = join(dir, 'root');
    for (const sub of ['bin', 'etc', 'tmp']) mkdirSync(join(root, sub), { recursive: true });
    copyFileSync(busybox, join(root, 'bin', 'busybox'));
    const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter((applet) => applet !== '' && applet !== 'busybox');
    for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet));
    writeFileSync(join(root, 'etc', 'pipewright-image'), `${marker}\n`);
    const tar = join(dir, 'rootfs.tar');
    const packed = spawnSync('tar', ['-C', root, '-cf', tar, '.']);
    if (packed.status !== 0) return { reason: `tar failed: ${String(packed.stderr)}` };
    const imported = podman(['import', '--change', 'ENV PATH=/bin', tar, name]);
    if (imported.status !== 0) return { reason: `podman import failed: ${imported.stderr}` };
    const ran = podman(['run', '--rm', '--runtime', runtime, '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--network', 'host', name, '/bin/true']);
    if (ran.status !== 0) {
      podman(['rmi', '--force', name]);
      return { reason: `podman cannot start a container here: ${ran.stderr.trim()}` };
    }
    return { image: name };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Names of the containers (running or not) of builds under `workRoot`. */
export function containersOf(workRoot: string): string[] {
  const listed = podman(['ps', '--all', '--filter', `label=pipewright.work-root=${workRoot}`, '--format', '{{.Names}}']);
  if (listed.status !== 0) throw new Error(`podman ps failed: ${listed.stderr}`);
  return listed.stdout.split('\n').filter((line) => line.trim() !== '');
}
