/**
 * An in-process readers–writer lock. Puts and checkouts share it; a sweep takes it alone, so it never
 * removes a blob that a put has just found already stored (and is about to reference) or that a
 * checkout is about to link. The data directory belongs to one Pipewright process, so in-process is enough.
 */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private waiting: Array<{ exclusive: boolean; wake: () => void }> = [];

  async shared<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await task();
    } finally {
      this.readers -= 1;
      this.wakeNext();
    }
  }

  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await task();
    } finally {
      this.writer = false;
      this.wakeNext();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    // A waiting writer goes before readers that come after it, so a busy store still gets swept.
    if (this.waiting.length === 0 && this.canEnter(exclusive)) {
      this.enter(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ exclusive, wake: resolve }));
  }

  private canEnter(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private enter(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers += 1;
  }

  private wakeNext(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      if (next === undefined || !this.canEnter(next.exclusive)) return;
      this.waiting.shift();
      this.enter(next.exclusive);
      next.wake();
      if (next.exclusive) return;
    }
  }
}
