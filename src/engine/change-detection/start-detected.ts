import { createHash } from 'node:crypto';
import type { StartRequest } from '../engine.js';
import type { SourceAction } from './source-actions.js';

/** What change detection needs of the engine: starting an execution. */
export interface ExecutionStarter {
  startExecution(pipelineName: string, request: StartRequest): Promise<string>;
}

/** StartPipelineExecution's sourceRevisions that pin `revision` for the source action (none if it has no revision type). */
export function pinFor(source: SourceAction, revision: string): NonNullable<StartRequest['sourceRevisions']> {
  return source.revisionType === undefined ? [] : [{ actionName: source.action.name, revisionType: source.revisionType, revisionValue: revision }];
}

/**
 * A clientRequestToken derived from what identifies one detected change (the same change seen twice,
 * by two replicas or by a redelivered webhook, starts one execution). Tokens are compared, never shown.
 */
export function changeToken(kind: string, ...parts: string[]): string {
  return `${kind}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}
