import type { NewJob } from '../core/contracts/store.js';

/**
 * Who may take the jobs a decision makes as it makes them: the server's own worker, through the job
 * service (WorkerPeer.takeJobsAtCommit). A job taken is stored held by its worker in the decision's own
 * transaction instead of queued: no signal, no claim (a trip to the store's writer and back, then one more),
 * between the decision that starts an action and its worker starting it. The claim is still committed
 * before the worker acts on it (the worker hears of it once the commit is stored), and a crash leaves a
 * job held by a worker that is gone, which recovery reruns or fails like any claimed job.
 */
export interface CommitTaker {
  /** The holder and lease `job` is stored with if it is taken; undefined leaves it queued. */
  reserve(job: NewJob): NewJob['heldBy'];
  /** The jobs reserved are stored, held: they are the taker's. */
  stored(jobs: readonly NewJob[]): void;
  /** The commit failed (it is decided again, or its submissions learn why): the reservations lapse. */
  released(jobs: readonly NewJob[]): void;
}

/** The new jobs of one commit as offered: some held by a taker, and what to tell the takers after. */
export interface Offer {
  jobs: NewJob[];
  stored(): void;
  released(): void;
}

export class JobsTakenAtCommit {
  private readonly takers = new Set<CommitTaker>();

  /** Returns the removal. */
  add(taker: CommitTaker): () => void {
    this.takers.add(taker);
    return () => this.takers.delete(taker);
  }

  /** Offers each job to the takers in turn, before the commit that creates it is sent. */
  offer(newJobs: readonly NewJob[]): Offer {
    const taken = new Map<CommitTaker, NewJob[]>();
    const jobs = newJobs.map((job) => {
      for (const taker of this.takers) {
        const heldBy = taker.reserve(job);
        if (heldBy === undefined) continue;
        const held = { ...job, heldBy };
        taken.set(taker, [...(taken.get(taker) ?? []), held]);
        return held;
      }
      return job;
    });
    return {
      jobs,
      stored: () => {
        for (const [taker, held] of taken) taker.stored(held);
      },
      released: () => {
        for (const [taker, held] of taken) taker.released(held);
      },
    };
  }
}
