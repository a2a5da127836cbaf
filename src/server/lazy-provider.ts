import type { ActionProvider, JobLoad } from '../core/contracts/action-provider.js';
import type { JobTypeId } from '../core/declaration/types.js';

/** What the worker and the engine need to know of a provider before it runs anything. */
export interface ProviderShape {
  actionTypes: readonly JobTypeId[];
  rerunnable: boolean;
  load?: JobLoad;
}

export interface LazyProvider extends ActionProvider {
  /** The provider itself, its module loaded now if it was not yet. */
  loaded(): Promise<ActionProvider>;
}

/**
 * A provider whose module (and what it imports: AWS SDK clients, the build runner, YAML) is loaded by
 * its first job, not at start: a server that never runs a CloudFormation action never loads the
 * CloudFormation client. The shape is declared beside it, so the worker can claim jobs of these types
 * from the start; a test holds each shape to what the loaded provider declares.
 */
export function lazyProvider(shape: ProviderShape, create: () => Promise<ActionProvider>): LazyProvider {
  let provider: Promise<ActionProvider> | undefined;
  const loaded = (): Promise<ActionProvider> => {
    provider ??= create().catch((error: unknown) => {
      // A failed load (a module missing from a broken install) is tried again by the next job.
      provider = undefined;
      throw error;
    });
    return provider;
  };
  return {
    ...shape,
    loaded,
    run: async (job, tools, signal) => (await loaded()).run(job, tools, signal),
  };
}
