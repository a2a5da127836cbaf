import { statfs } from 'node:fs/promises';

/** How often a running build's disk is looked at: a build writing at disk speed fills a few GiB in between. */
const intervalMs = 1000;

/**
 * Stops a build before it fills the disk its workspace is on: the file size limit bounds each file,
 * not how many a build writes, and the server's own database and artifacts usually share that disk.
 * Every second while the build runs, the free space is read (statfs); under `minFreeMb`, `onLow` is
 * called once with a message for the log. Not a quota per build: it keeps the host serving.
 */
export function guardFreeDisk(path: string, minFreeMb: number, onLow: (message: string) => void): () => void {
  let done = false;
  let checking = false;
  const check = async (): Promise<void> => {
    if (checking || done) return;
    checking = true;
    try {
      const stats = await statfs(path);
      const freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
      if (!done && freeMb < minFreeMb) {
        done = true;
        clearInterval(timer);
        onLow(
          `the disk holding the build's workspace has ${freeMb} MiB free, under the ${minFreeMb} MiB the server keeps free (PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB): the build is stopped before it fills the disk`,
        );
      }
    } catch {
      // The workspace is gone (the build ended meanwhile): nothing to guard.
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();
  return () => {
    done = true;
    clearInterval(timer);
  };
}
