import { pipelineArn, type Partition } from '../core/arn.js';
import type { ActionJob } from '../core/contracts/action-provider.js';
import type { PipelineDeclaration } from '../core/declaration/types.js';
import type { ConditionType, ExecutionState } from '../core/execution/state.js';

/**
 * The job of a rule that needs work (Commands, LambdaInvoke): the same shape as an action's job, so
 * the same workers and providers run it; `rule` tells the job service to report it as a rule.
 */
export function buildRuleJob(input: {
  jobId: string;
  pipelineName: string;
  partition: Partition;
  declaration: PipelineDeclaration;
  execution: ExecutionState;
  stageName: string;
  conditionType: ConditionType;
  ruleName: string;
  ruleExecutionId: string;
}): ActionJob {
  const { execution, declaration, stageName, conditionType, ruleName } = input;
  const stage = declaration.stages.find((candidate) => candidate.name === stageName);
  const rule = stage?.[conditionType]?.conditions?.flatMap((condition) => condition.rules ?? []).find((candidate) => candidate.name === ruleName);
  const run = execution.stages[stageName]?.conditions?.[conditionType]?.conditions.map((condition) => condition.rules[ruleName]).find(
    (candidate) => candidate?.ruleExecutionId === input.ruleExecutionId,
  );
  if (rule === undefined || run === undefined) throw new Error(`No run of rule ${ruleName} of ${stageName} in execution ${execution.id}`);
  return {
    jobId: input.jobId,
    pipeline: { name: input.pipelineName, arn: pipelineArn(input.partition, input.pipelineName), version: execution.pipelineVersion, executionId: execution.id, ...(declaration.roleArn !== '' ? { roleArn: declaration.roleArn } : {}) },
    stageName,
    action: {
      name: ruleName,
      actionExecutionId: input.ruleExecutionId,
      typeId: { category: 'Rule', owner: 'AWS', provider: rule.ruleTypeId.provider, version: rule.ruleTypeId.version ?? '1' },
      configuration: { ...(run.resolvedConfiguration ?? rule.configuration ?? {}) },
      ...(rule.commands !== undefined ? { commands: [...rule.commands] } : {}),
      region: rule.region ?? input.partition.region,
      ...(rule.roleArn !== undefined ? { roleArn: rule.roleArn } : {}),
    },
    inputArtifacts: (rule.inputArtifacts ?? []).flatMap((artifact) => {
      const ref = execution.artifacts[artifact.name];
      return ref === undefined ? [] : [{ name: artifact.name, ref }];
    }),
    outputArtifacts: [],
    deadline: run.deadline,
    rule: { conditionType },
  };
}
