import { actionTypeLookup } from '../../action-types/lookup.js';
import type { CustomActionTypeRecord } from '../../action-types/custom.js';
import { PipewrightError, type ErrorCode } from '../../errors/index.js';
import { validatePipelineDeclaration, type DeclarationContext } from '../validate-pipeline.js';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '../types.js';

/**
 * Builders of valid declarations for the declaration tests: each test starts from a valid pipeline
 * and changes the one thing it is about.
 */
export const testRegion = 'us-east-1';

export function codeCommitSource(name: string, output: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
    configuration: { RepositoryName: 'app', BranchName: 'main' },
    outputArtifacts: [{ name: output }],
    ...extra,
  };
}

export function connectionSource(name: string, output: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    configuration: { ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/abc', FullRepositoryId: 'org/app', BranchName: 'main' },
    outputArtifacts: [{ name: output }],
    ...extra,
  };
}

export function codeBuild(name: string, inputs: string[], outputs: string[] = [], extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: name.toLowerCase() },
    inputArtifacts: inputs.map((input) => ({ name: input })),
    outputArtifacts: outputs.map((output) => ({ name: output })),
    ...extra,
  };
}

export function manualApproval(name: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, ...extra };
}

export function commandsAction(name: string, inputs: string[], extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
    commands: ['npm ci', 'npm test'],
    inputArtifacts: inputs.map((input) => ({ name: input })),
    ...extra,
  };
}

export function pipeline(stages: StageDeclaration[], extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name: 'app',
    roleArn: 'arn:aws:iam::123456789012:role/pipewright',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages,
    ...extra,
  };
}

/** Source → Build: the smallest valid pipeline. */
export function sourceAndBuild(extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return pipeline(
    [
      { name: 'Source', actions: [codeCommitSource('Checkout', 'Src', { namespace: 'SourceVariables' })] },
      { name: 'Build', actions: [codeBuild('Compile', ['Src'], ['Bin'])] },
    ],
    extra,
  );
}

/** A custom action type with one queryable and one secret property. */
export function customBuildType(overrides: Partial<CustomActionTypeRecord> = {}): CustomActionTypeRecord {
  return {
    category: 'Build',
    provider: 'Jenkins',
    version: '1',
    settings: {},
    configurationProperties: [
      { name: 'ProjectName', required: true, key: true, secret: false, queryable: true, description: 'The Jenkins job.', type: 'String' },
      { name: 'Token', required: false, key: false, secret: true, description: 'An API token.', type: 'String' },
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    outputArtifacts: { minimumCount: 0, maximumCount: 5 },
    created: 0,
    ...overrides,
  };
}

export function declarationContext(custom: CustomActionTypeRecord[] = [customBuildType()]): DeclarationContext {
  return { actionTypes: actionTypeLookup(custom), region: testRegion };
}

/** The PipewrightError a declaration is refused with; fails the test when it validates. */
export function refusalOf(declaration: PipelineDeclaration, context: DeclarationContext = declarationContext()): PipewrightError {
  try {
    validatePipelineDeclaration(declaration, context);
  } catch (error) {
    if (error instanceof PipewrightError) return error;
    throw error;
  }
  throw new Error(`Expected pipeline ${declaration.name} to be refused, but it validated.`);
}

/** A table row: a change to a valid pipeline, and the refusal it must bring. */
export interface RefusalCase {
  name: string;
  declaration: () => PipelineDeclaration;
  code: ErrorCode;
  message: RegExp;
  context?: () => DeclarationContext;
}
