import type { ActionDeclaration } from '../../core/declaration/types.js';

/**
 * What change detection asks of the sources themselves, built by the composition root from the
 * providers (git's ls-remote and diff, the object store's head, connections.json); the engine never
 * reaches a repository or a bucket by itself.
 */
export interface SourceProbe {
  /**
   * The latest revision of a source action (a branch's commit, an object's version id); undefined when
   * there is none (no such branch or object yet). Throws when the source cannot be read.
   */
  latestRevision(action: ActionDeclaration, signal: AbortSignal): Promise<string | undefined>;
  /** The paths that differ between two commits of a git source action (`from` undefined: every path of `to`). */
  changedFiles(action: ActionDeclaration, from: string | undefined, to: string): Promise<string[]>;
  /** A connection by the id that ends its ARN (`…:connection/<id>`), with the secret its host signs webhook calls with. */
  connection(id: string): Promise<{ arn: string; webhookSecret?: string } | undefined>;
}
