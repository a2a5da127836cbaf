import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The uids builds run as when the server runs as root: `first`…`last`, one per running build. */
export interface UidRange {
  first: number;
  last: number;
}

/** The leases this process holds, by file: shared by every pool of the process (a lease file holds only the pid). */
const heldHere = new Set<string>();

/**
 * Hands each running build a uid of its own from the range, so that builds running side by side are
 * different users: one cannot signal, trace or read what another left in a shared place, and the
 * process limit (RLIMIT_NPROC counts a user's processes) holds one build's fork bomb to that build.
 *
 * A lease is a file named by the uid in `leaseDir`, created exclusively and holding the server's pid:
 * every Pipewright server and worker on the host leases from the same directory, so two of them with
 * the same range never hand out the same uid at once. A lease whose pid is dead (a server killed with
 * SIGKILL: its builds died with it) is taken over. The files are made with synchronous calls on
 * purpose: a tmpfs file costs microseconds, and a lease taken in one step cannot interleave with another.
 */
export class BuildUidPool {
  private next: number;

  constructor(
    readonly range: UidRange,
    private readonly leaseDir: string,
  ) {
    this.next = range.first;
  }

  /** A free uid, `preferred` when it is free (a build leasing again after its processes ended keeps its files' owner). */
  lease(preferred?: number): number {
    mkdirSync(this.leaseDir, { recursive: true, mode: 0o700 });
    if (preferred !== undefined && this.inRange(preferred) && this.tryLease(preferred)) return preferred;
    const size = this.range.last - this.range.first + 1;
    for (let tried = 0; tried < size; tried++) {
      const uid = this.next;
      this.next = uid === this.range.last ? this.range.first : uid + 1;
      if (this.tryLease(uid)) return uid;
    }
    throw new Error(
      `No free build user: all ${size} uids of PIPEWRIGHT_BUILD_UIDS (${this.range.first}-${this.range.last}) are running builds on this host. Widen the range or run fewer builds at once (PIPEWRIGHT_WORKER_CONCURRENCY).`,
    );
  }

  release(uid: number): void {
    if (!heldHere.delete(this.leaseFile(uid))) return;
    try {
      unlinkSync(this.leaseFile(uid));
    } catch {
      // Already gone (the directory was cleared): nothing to give back.
    }
  }

  private tryLease(uid: number): boolean {
    const file = this.leaseFile(uid);
    if (heldHere.has(file)) return false;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        heldHere.add(file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !this.isStale(file)) return false;
        try {
          unlinkSync(file);
        } catch {
          return false;
        }
      }
    }
    return false;
  }

  /** A lease of a process that is gone, or of this process's pid but not held by it (left by an earlier process with the same pid). */
  private isStale(file: string): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
    if (!Number.isSafeInteger(pid) || pid <= 0) return true;
    if (pid === process.pid) return true;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  private inRange(uid: number): boolean {
    return uid >= this.range.first && uid <= this.range.last;
  }

  private leaseFile(uid: number): string {
    return join(this.leaseDir, String(uid));
  }
}
