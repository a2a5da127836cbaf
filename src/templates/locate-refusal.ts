import type { DeclarationPath, SourceMap } from './source-map.js';
import type { Position } from './template-node.js';

interface DeclaredStage {
  name?: unknown;
  actions?: { name?: unknown; configuration?: Record<string, unknown> }[];
}

/**
 * Where in the template a refusal of the translated declaration points. Two kinds of refusal name
 * what is wrong: the model's check names the member's path (`'pipeline.stages.2.member.actions.1.member.name'`,
 * one-based, as AWS's front end words it), and the server's validation names the stage and action
 * (`action 'Build' in stage 'Build'`, `stage 'Deploy'`) and often the field. The most precise part
 * found is looked up in the translation's source map; the pipeline resource itself otherwise.
 */
export function locateRefusal(message: string, declaration: Record<string, unknown>, sourceMap: SourceMap): Position {
  return sourceMap.find(refusalPath(message, declaration, sourceMap));
}

export function refusalPath(message: string, declaration: Record<string, unknown>, sourceMap: SourceMap): DeclarationPath {
  const modelPath = /'pipeline\.([A-Za-z0-9.]+)'/.exec(message)?.[1];
  if (modelPath !== undefined) return fromModelPath(modelPath);
  const stages = Array.isArray(declaration.stages) ? (declaration.stages as DeclaredStage[]) : [];
  const action = /action '([^']+)' in stage '([^']+)'/.exec(message);
  const stageName = action?.[2] ?? /stage '([^']+)'/.exec(message)?.[1];
  const stageIndex = stages.findIndex((stage) => stage.name === stageName);
  if (stageIndex < 0) return [];
  if (action === null) return ['stages', stageIndex];
  const actions = stages[stageIndex]?.actions ?? [];
  const actionIndex = actions.findIndex((candidate) => candidate.name === action[1]);
  if (actionIndex < 0) return ['stages', stageIndex];
  const path: DeclarationPath = ['stages', stageIndex, 'actions', actionIndex];
  // A configuration key the message names, as written in the template.
  const configuration = actions[actionIndex]?.configuration ?? {};
  const key = Object.keys(configuration).find((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(message) && sourceMap.has([...path, 'configuration', name]));
  if (key !== undefined) return [...path, 'configuration', key];
  const field = /\b(inputArtifacts|outputArtifacts|actionTypeId|namespace|runOrder|region|roleArn|commands|outputVariables|timeoutInMinutes|environmentVariables)\b/.exec(message)?.[1];
  return field !== undefined && sourceMap.has([...path, field]) ? [...path, field] : path;
}

/** `stages.2.member.actions.1.member.name` → `['stages', 1, 'actions', 0, 'name']`. */
function fromModelPath(path: string): DeclarationPath {
  const parts: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === 'member' || part === 'key' || part === 'value') continue;
    parts.push(/^\d+$/.test(part) ? Number(part) - 1 : part);
  }
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
