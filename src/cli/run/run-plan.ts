/**
 * What `pipewright run` will do with a pipeline before anything starts: which working copy each
 * source action reads, which actions cannot run here (and why), and the declaration as it will be
 * created, with the actions the user skipped replaced by a visible stand-in. Pure: the caller says
 * which action types run here and whether AWS is reachable.
 */
export interface DeclaredAction {
  name: string;
  actionTypeId: { category: string; owner: string; provider: string; version: string };
  configuration?: Record<string, string>;
  inputArtifacts?: { name: string }[];
  outputArtifacts?: { name: string; files?: string[] }[];
  runOrder?: number;
  namespace?: string;
  [member: string]: unknown;
}

export interface DeclaredStage {
  name: string;
  actions: DeclaredAction[];
  [member: string]: unknown;
}

export type PlannedSource =
  | { kind: 'git'; stageName: string; actionName: string; path: string; provider: 'CodeCommit' | 'CodeStarSourceConnection'; repository: string; branch: string; connectionArn?: string }
  | { kind: 's3'; stageName: string; actionName: string; path: string; bucket: string; key: string };

export interface SkippedAction {
  stageName: string;
  actionName: string;
  /** `AWS/Deploy/CloudFormation/1`. */
  type: string;
  reason: string;
}

export interface RunPlan {
  pipeline: Record<string, unknown> & { name: string; stages: DeclaredStage[] };
  sources: PlannedSource[];
  skipped: SkippedAction[];
  /** Why the run cannot start as asked: each names what to do about it. */
  blockers: string[];
}

export interface RunPlanOptions {
  /** `--source ACTION=PATH`, by action name. */
  sources: Readonly<Record<string, string>>;
  /** `--skip STAGE/ACTION` or `--skip STAGE`. */
  skip: readonly string[];
  /** The first source action reads this folder unless --source says otherwise. */
  cwd: string;
  /** Whether a given action type has a provider in this Pipewright (`category/owner/provider/version`, core's actionTypeKey). */
  runsHere: (typeKey: string) => boolean;
  /** AWS credentials or an AWS endpoint are configured, so actions that call AWS services may run. */
  awsConfigured: boolean;
  /** Whether the server is this run's own (S3 sources can be filled only then). */
  embedded: boolean;
}

/** The stand-in of a skipped action: a custom action type that the run itself answers, with success. */
export const skippedActionType = { owner: 'Custom', provider: 'PipewrightSkipped', version: '1' } as const;

/**
 * Actions whose work is a call to an AWS service (CodePipeline's action reference): they run only
 * with AWS credentials or an AWS-compatible endpoint, whatever provider this Pipewright has for them.
 */
export const awsServiceProviders: ReadonlySet<string> = new Set([
  'CloudFormation',
  'CloudFormationStackSet',
  'CloudFormationStackInstances',
  'CodeDeploy',
  'CodeDeployToECS',
  'ECS',
  'EKS',
  'ElasticBeanstalk',
  'StepFunctions',
  'ECR',
  'AppConfig',
  'ServiceCatalog',
  'DeviceFarm',
  'AlexaSkillsKit',
  'OpsWorks',
  'InspectorScan',
  'EC2',
]);

export function typeKeyOf(action: DeclaredAction): string {
  const id = action.actionTypeId;
  return `${id.owner}/${id.category}/${id.provider}/${id.version}`;
}

function providerKeyOf(action: DeclaredAction): string {
  const id = action.actionTypeId;
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}

export function planRun(pipeline: Record<string, unknown> & { name: string }, options: RunPlanOptions): RunPlan {
  const stages = structuredClone(pipeline.stages) as DeclaredStage[];
  const blockers: string[] = [];
  const skipped: SkippedAction[] = [];
  const sources: PlannedSource[] = [];
  const wanted = parseSkips(options.skip, stages, blockers);
  const sourceActions = stages.flatMap((stage) => stage.actions.filter((action) => action.actionTypeId.category === 'Source').map((action) => ({ stage, action })));
  for (const name of Object.keys(options.sources)) {
    if (!sourceActions.some(({ action }) => action.name === name)) {
      blockers.push(`--source ${name}=…: the pipeline has no source action ${name} (its source actions: ${sourceActions.map(({ action }) => action.name).join(', ') || 'none'}).`);
    }
  }
  const firstSource = sourceActions[0]?.action.name;

  for (const stage of stages) {
    stage.actions = stage.actions.map((action) => {
      const where = `${stage.name}/${action.name}`;
      const skipReason = wanted.get(where);
      const unavailable = unavailableReason(action, options);
      if (skipReason !== undefined) {
        skipped.push({ stageName: stage.name, actionName: action.name, type: typeKeyOf(action), reason: unavailable ?? 'skipped with --skip' });
        return standIn(action, unavailable);
      }
      if (action.actionTypeId.category === 'Source' && unavailable === undefined) {
        const path = options.sources[action.name] ?? (action.name === firstSource ? options.cwd : undefined);
        if (path === undefined) blockers.push(`${where} reads a repository of its own: give it a working copy with --source ${action.name}=PATH, or skip it with --skip ${where}.`);
        else sources.push(plannedSource(stage.name, action, path));
        return action;
      }
      if (unavailable !== undefined) blockers.push(`${where} (${typeKeyOf(action)}) ${unavailable}: run the rest with --skip ${where}.`);
      return action;
    });
  }
  // A stand-in is a custom action: custom actions belong to V1 and V2 alike, and keep their artifacts and namespace.
  return { pipeline: { ...pipeline, stages }, sources, skipped, blockers };
}

function parseSkips(values: readonly string[], stages: DeclaredStage[], blockers: string[]): Map<string, string> {
  const wanted = new Map<string, string>();
  for (const value of values) {
    const [stageName, actionName] = value.split('/', 2) as [string, string | undefined];
    const stage = stages.find((candidate) => candidate.name === stageName);
    const actions = stage?.actions.filter((action) => actionName === undefined || action.name === actionName) ?? [];
    if (actions.length === 0) {
      blockers.push(`--skip ${value}: the pipeline has no ${actionName === undefined ? `stage ${stageName}` : `action ${actionName} in stage ${stageName}`}.`);
      continue;
    }
    for (const action of actions) wanted.set(`${stageName}/${action.name}`, value);
  }
  return wanted;
}

/** Why an action cannot run here, or undefined when it can. */
function unavailableReason(action: DeclaredAction, options: RunPlanOptions): string | undefined {
  const { owner, category, provider } = action.actionTypeId;
  if (owner === 'AWS' && category === 'Approval' && provider === 'Manual') return undefined;
  if (owner === 'AWS' && category === 'Source' && (provider === 'CodeCommit' || provider === 'CodeStarSourceConnection')) return undefined;
  if (owner === 'AWS' && category === 'Source' && provider === 'S3') return options.embedded ? undefined : 'reads an S3 bucket, which a run can fill only on a server of its own (without --endpoint-url)';
  if (owner !== 'AWS') return options.embedded ? `is a ${owner} action: a job worker of yours would have to poll for it` : undefined;
  if (awsServiceProviders.has(provider)) {
    if (!options.awsConfigured) return 'calls an AWS service, and no AWS credentials or endpoint are configured';
    if (!options.runsHere(providerKeyOf(action))) return 'calls an AWS service that this Pipewright has no provider for';
    return undefined;
  }
  return options.runsHere(providerKeyOf(action)) ? undefined : 'has no provider in this Pipewright';
}

function plannedSource(stageName: string, action: DeclaredAction, path: string): PlannedSource {
  const configuration = action.configuration ?? {};
  if (action.actionTypeId.provider === 'S3') {
    return { kind: 's3', stageName, actionName: action.name, path, bucket: configuration.S3Bucket ?? '', key: configuration.S3ObjectKey ?? '' };
  }
  if (action.actionTypeId.provider === 'CodeStarSourceConnection') {
    return {
      kind: 'git',
      stageName,
      actionName: action.name,
      path,
      provider: 'CodeStarSourceConnection',
      repository: configuration.FullRepositoryId ?? action.name,
      branch: configuration.BranchName ?? 'main',
      connectionArn: configuration.ConnectionArn ?? '',
    };
  }
  return { kind: 'git', stageName, actionName: action.name, path, provider: 'CodeCommit', repository: configuration.RepositoryName ?? action.name, branch: configuration.BranchName ?? 'main' };
}

/** The skipped action's stand-in: same name, artifacts, order and namespace; what it stands for in its configuration. */
function standIn(action: DeclaredAction, reason: string | undefined): DeclaredAction {
  return {
    name: action.name,
    actionTypeId: { category: action.actionTypeId.category === 'Compute' ? 'Build' : action.actionTypeId.category, ...skippedActionType },
    configuration: { SkippedActionType: typeKeyOf(action), Reason: reason ?? 'skipped with --skip' },
    ...(action.inputArtifacts !== undefined ? { inputArtifacts: action.inputArtifacts } : {}),
    ...(action.outputArtifacts !== undefined ? { outputArtifacts: action.outputArtifacts.map((artifact) => ({ name: artifact.name })) } : {}),
    ...(action.runOrder !== undefined ? { runOrder: action.runOrder } : {}),
    ...(action.namespace !== undefined ? { namespace: action.namespace } : {}),
  };
}
