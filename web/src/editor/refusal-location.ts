import type { PipelineDeclaration } from '../api/types.js';

/** Where in the declaration a refusal of the server points: an action, a stage, or the pipeline as a whole. */
export type RefusalLocation = { stage: number; action?: number } | { pipeline: true };

/**
 * Reads which stage or action the server's validation message names. Pipewright's checks name them
 * as "action 'Build' in stage 'Test'" or "stage 'Test'"; AWS's model validation names a member path
 * ("pipeline.stages.2.member.actions.1.member.name", counted from 1). What names neither belongs to
 * the pipeline.
 */
export function locateRefusal(message: string, declaration: PipelineDeclaration): RefusalLocation {
  const stageIndex = (name: string): number => declaration.stages.findIndex((stage) => stage.name === name);
  const action = /action '([^']+)' in stage '([^']+)'/.exec(message);
  if (action !== null) {
    const stage = stageIndex(action[2] ?? '');
    const index = stage >= 0 ? (declaration.stages[stage]?.actions.findIndex((candidate) => candidate.name === action[1]) ?? -1) : -1;
    if (stage >= 0) return index >= 0 ? { stage, action: index } : { stage };
  }
  const path = /stages\.(\d+)(?:\.member)?(?:\.actions\.(\d+))?/.exec(message);
  if (path !== null) {
    const stage = Number(path[1]) - 1;
    if (declaration.stages[stage] !== undefined) return path[2] !== undefined ? { stage, action: Number(path[2]) - 1 } : { stage };
  }
  const stage = /stage '([^']+)'/.exec(message);
  if (stage !== null && stageIndex(stage[1] ?? '') >= 0) return { stage: stageIndex(stage[1] ?? '') };
  // A message naming an action some other way ("… the action Build …"): the first action named in it.
  for (const [stageAt, candidate] of declaration.stages.entries()) {
    const actionAt = candidate.actions.findIndex((declared) => declared.name.length > 2 && new RegExp(`\\b${escape(declared.name)}\\b`).test(message));
    if (actionAt >= 0) return { stage: stageAt, action: actionAt };
  }
  return { pipeline: true };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isAt(location: RefusalLocation | undefined, stage: number, action?: number): boolean {
  if (location === undefined || 'pipeline' in location) return false;
  return location.stage === stage && location.action === action;
}
