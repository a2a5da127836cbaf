import type { ActionLog } from '../../../core/contracts/action-log.js';
import type { BatchBuildSpec, BatchSpec } from '../buildspec/batch-spec.js';
import type { BuildResult } from '../execute-build.js';

export type BatchBuildOutcome = { identifier: string; status: 'SKIPPED'; reason: string } | { identifier: string; status: 'RAN'; result: BuildResult };

/**
 * Runs a batch's builds: every build whose dependencies succeeded starts at once (build-list and
 * build-matrix builds have none, so they all run side by side); a build whose dependency did not
 * succeed is skipped. With fast-fail, the first failure that is not ignored stops the builds still
 * running and skips the rest, as CodeBuild's batch does.
 */
export async function runBatch(
  batch: BatchSpec,
  runOne: (build: BatchBuildSpec, signal: AbortSignal) => Promise<BuildResult>,
  log: ActionLog,
  signal: AbortSignal,
): Promise<BatchBuildOutcome[]> {
  const stop = new AbortController();
  const combined = AbortSignal.any([signal, stop.signal]);
  const outcomes = new Map<string, BatchBuildOutcome>();
  const running = new Map<string, Promise<void>>();
  const pending = [...batch.builds];

  while (pending.length > 0 || running.size > 0) {
    for (const build of [...pending]) {
      const dependencies = build.dependOn.map((id) => outcomes.get(id));
      if (dependencies.some((outcome) => outcome === undefined)) continue;
      pending.splice(pending.indexOf(build), 1);
      const failed = dependencies.find((outcome) => outcome !== undefined && !succeeded(outcome));
      if (failed !== undefined || combined.aborted) {
        const reason = failed !== undefined ? `its dependency ${failed.identifier} did not succeed` : 'the batch stopped';
        outcomes.set(build.identifier, { identifier: build.identifier, status: 'SKIPPED', reason });
        log.line('system', `Batch build ${build.identifier} skipped: ${reason}`);
        continue;
      }
      log.line('system', `Batch build ${build.identifier} started`);
      running.set(
        build.identifier,
        runOne(build, combined).then((result) => {
          running.delete(build.identifier);
          outcomes.set(build.identifier, { identifier: build.identifier, status: 'RAN', result });
          log.line('system', `Batch build ${build.identifier} ${result.status}${build.ignoreFailure && result.status !== 'SUCCEEDED' ? ' (ignore-failure)' : ''}`);
          if (result.status !== 'SUCCEEDED' && !build.ignoreFailure && batch.fastFail) stop.abort({ kind: 'abandoned', message: `batch build ${build.identifier} failed (fast-fail)` });
        }),
      );
    }
    if (running.size === 0) {
      // Nothing can start any more: what is left waits on builds that never ran.
      for (const build of pending.splice(0)) outcomes.set(build.identifier, { identifier: build.identifier, status: 'SKIPPED', reason: 'the batch stopped' });
      break;
    }
    await Promise.race(running.values());
  }
  return batch.builds.map((build) => outcomes.get(build.identifier) ?? { identifier: build.identifier, status: 'SKIPPED', reason: 'the batch stopped' });
}

function succeeded(outcome: BatchBuildOutcome): boolean {
  return outcome.status === 'RAN' && outcome.result.status === 'SUCCEEDED';
}
