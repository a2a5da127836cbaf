/**
 * How the properties of `AWS::CodePipeline::Pipeline` become CodePipeline's PipelineDeclaration, below
 * the pipeline's own properties (translate-pipeline.ts handles those: Name, ArtifactStores, Tags,
 * DisableInboundStageTransitions, RestartExecutionOnUpdate). Each structure lists the properties
 * CloudFormation accepts (AWS CloudFormation Template Reference, AWS::CodePipeline::Pipeline and its
 * property types; the resource schema cfn-lint ships) and the API member each becomes: the property's
 * name in camelCase everywhere, so the table is also the list a property is checked against, as
 * CloudFormation refuses a property it does not know. Configuration keeps its keys as written: they
 * are the action type's own (ProjectName, BranchName…), and its values become strings, as the API takes them.
 */
export type PropertyShape =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'stringList' }
  /** An action's or rule's configuration: keys as written, values as strings. */
  | { kind: 'configuration' }
  | { kind: 'list'; of: PropertyShape }
  | { kind: 'structure'; name: string; members: Readonly<Record<string, PropertyShape>> };

const string: PropertyShape = { kind: 'string' };
const integer: PropertyShape = { kind: 'integer' };
const stringList: PropertyShape = { kind: 'stringList' };
const configuration: PropertyShape = { kind: 'configuration' };
const list = (of: PropertyShape): PropertyShape => ({ kind: 'list', of });
const structure = (name: string, members: Record<string, PropertyShape>): PropertyShape => ({ kind: 'structure', name, members });

const typeId = (name: string): PropertyShape => structure(name, { Category: string, Owner: string, Provider: string, Version: string });
const inputArtifact = structure('InputArtifact', { Name: string });
const filterCriteria = (name: string): PropertyShape => structure(name, { Includes: stringList, Excludes: stringList });

const rule = structure('RuleDeclaration', {
  Name: string,
  RuleTypeId: typeId('RuleTypeId'),
  Configuration: configuration,
  InputArtifacts: list(inputArtifact),
  Commands: stringList,
  Region: string,
  RoleArn: string,
  TimeoutInMinutes: integer,
});
const condition = structure('Condition', { Result: string, Rules: list(rule) });

const action = structure('ActionDeclaration', {
  Name: string,
  ActionTypeId: typeId('ActionTypeId'),
  Configuration: configuration,
  InputArtifacts: list(inputArtifact),
  OutputArtifacts: list(structure('OutputArtifact', { Name: string, Files: stringList })),
  Namespace: string,
  Region: string,
  RoleArn: string,
  RunOrder: integer,
  TimeoutInMinutes: integer,
  Commands: stringList,
  OutputVariables: stringList,
  EnvironmentVariables: list(structure('EnvironmentVariable', { Name: string, Value: string, Type: string })),
});

export const stageShape = structure('StageDeclaration', {
  Name: string,
  Actions: list(action),
  Blockers: list(structure('BlockerDeclaration', { Name: string, Type: string })),
  BeforeEntry: structure('BeforeEntryConditions', { Conditions: list(condition) }),
  OnSuccess: structure('SuccessConditions', { Conditions: list(condition) }),
  OnFailure: structure('FailureConditions', {
    Result: string,
    RetryConfiguration: structure('RetryConfiguration', { RetryMode: string }),
    Conditions: list(condition),
  }),
});

export const artifactStoreShape = structure('ArtifactStore', {
  Type: string,
  Location: string,
  EncryptionKey: structure('EncryptionKey', { Id: string, Type: string }),
});

export const triggerShape = structure('PipelineTriggerDeclaration', {
  ProviderType: string,
  GitConfiguration: structure('GitConfiguration', {
    SourceActionName: string,
    Push: list(structure('GitPushFilter', { Branches: filterCriteria('GitBranchFilterCriteria'), FilePaths: filterCriteria('GitFilePathFilterCriteria'), Tags: filterCriteria('GitTagFilterCriteria') })),
    PullRequest: list(structure('GitPullRequestFilter', { Events: stringList, Branches: filterCriteria('GitBranchFilterCriteria'), FilePaths: filterCriteria('GitFilePathFilterCriteria') })),
  }),
});

export const variableShape = structure('VariableDeclaration', { Name: string, DefaultValue: string, Description: string });

/** `ArtifactStore` → `artifactStore`: CloudFormation's property names are the API's members in PascalCase. */
export function memberName(property: string): string {
  return property.charAt(0).toLowerCase() + property.slice(1);
}
