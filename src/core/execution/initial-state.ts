import type { PipelineDeclaration } from '../declaration/types.js';
import type { PipelineState } from './state.js';

/** The state of a pipeline that has never run. */
export function initialPipelineState(pipelineName: string, version: number, declaration: PipelineDeclaration): PipelineState {
  return {
    pipelineName,
    current: { version, declaration },
    olderDeclarations: {},
    transitions: {},
    stageLatest: {},
    stageLastSucceeded: {},
    sequence: 0,
    executions: {},
  };
}
