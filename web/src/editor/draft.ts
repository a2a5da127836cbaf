import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '../api/types.js';

/**
 * The pipeline being edited, and the edits the visual editor makes to it. Every edit returns a new
 * declaration (the old one is left as it was), so React sees each change and the diff before saving
 * compares against an untouched original.
 */
export type Edit = (change: (draft: PipelineDeclaration) => void) => void;

export function applyEdit(declaration: PipelineDeclaration, change: (draft: PipelineDeclaration) => void): PipelineDeclaration {
  const draft = structuredClone(declaration);
  change(draft);
  return draft;
}

/** Where a new pipeline starts: a source stage and a build stage, the shape almost every pipeline has. */
export function starterPipeline(): PipelineDeclaration {
  return {
    name: '',
    // Not an AWS role: Pipewright records it, as CodePipeline requires one.
    roleArn: 'arn:aws:iam::123456789012:role/pipewright',
    artifactStore: { type: 'S3', location: 'pipewright-artifacts' },
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    stages: [
      {
        name: 'Source',
        actions: [newAction('Source', { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }, { BranchName: 'main', PollForSourceChanges: 'false' }, [], ['SourceOutput'])],
      },
      { name: 'Build', actions: [newAction('Build', { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, {}, ['SourceOutput'], [])] },
    ],
  };
}

/** A copy to create under a new name: the version belongs to the original. */
export function cloneOf(original: PipelineDeclaration): PipelineDeclaration {
  const { version: _version, ...rest } = structuredClone(original);
  return { ...rest, name: `${original.name}-copy` };
}

export function newAction(
  name: string,
  actionTypeId: ActionDeclaration['actionTypeId'],
  configuration: Record<string, string>,
  inputs: string[],
  outputs: string[],
): ActionDeclaration {
  return {
    name,
    actionTypeId,
    runOrder: 1,
    configuration,
    inputArtifacts: inputs.map((artifact) => ({ name: artifact })),
    outputArtifacts: outputs.map((artifact) => ({ name: artifact })),
  };
}

export function newStage(stages: StageDeclaration[]): StageDeclaration {
  const taken = new Set(stages.map((stage) => stage.name));
  let index = stages.length + 1;
  while (taken.has(`Stage${index}`)) index += 1;
  return { name: `Stage${index}`, actions: [newAction('Approve', { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, {}, [], [])] };
}

/** What CreatePipeline / UpdatePipeline get: empty optional lists and blank values left out. */
export function forSaving(declaration: PipelineDeclaration): PipelineDeclaration {
  const draft = structuredClone(declaration);
  for (const stage of draft.stages) {
    for (const action of stage.actions) {
      if (action.configuration !== undefined) {
        action.configuration = Object.fromEntries(Object.entries(action.configuration).filter(([, value]) => value !== ''));
        if (Object.keys(action.configuration).length === 0) delete action.configuration;
      }
      if (action.inputArtifacts?.length === 0) delete action.inputArtifacts;
      if (action.outputArtifacts?.length === 0) delete action.outputArtifacts;
      if (action.namespace === '') delete action.namespace;
    }
  }
  for (const variable of draft.variables ?? []) {
    if (variable.defaultValue === '') delete variable.defaultValue;
    if (variable.description === '') delete variable.description;
  }
  if (draft.variables?.length === 0) delete draft.variables;
  return draft;
}

/** Artifact names as typed in one field: "Src, Extra" → [{name: "Src"}, {name: "Extra"}]. */
export function artifactList(text: string): { name: string }[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => ({ name }));
}

export function artifactText(list: { name?: string }[] | undefined): string {
  return (list ?? []).map((artifact) => artifact.name ?? '').join(', ');
}
