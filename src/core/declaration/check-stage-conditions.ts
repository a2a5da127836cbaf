import { ruleTypeFor } from '../rule-types/lookup.js';
import type { RuleTypeSpec } from '../rule-types/types.js';
import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { capitalised, firstDuplicate, stageLabel, type PlacedAction } from './declaration-walk.js';
import { conditionKinds, lastStageVisibleTo, placedConditions, ruleLabel, type PlacedCondition, type PlacedRule } from './stage-conditions.js';
import type { ExecutionMode, StageDeclaration } from './types.js';

const invalid = (message: string): PipewrightError => new PipewrightError('InvalidStageDeclarationException', message);

/**
 * Stage conditions (V2; user guide, "Configure conditions for a stage"): one condition per list,
 * 1–5 rules of known rule types each, results that fit where the condition sits (beforeEntry FAIL or
 * SKIP, onSuccess ROLLBACK or FAIL, onFailure ROLLBACK, RETRY or FAIL), SKIP only with LambdaInvoke
 * and VariableCheck rules, no ROLLBACK in PARALLEL mode, and no automatic retry next to conditions.
 */
export function checkStageConditions(stages: readonly StageDeclaration[], executionMode: ExecutionMode, producers: ReadonlyMap<string, PlacedAction>): void {
  stages.forEach((stage) => {
    checkConditionCounts(stage);
    checkOnFailure(stage, executionMode);
  });
  for (const placed of placedConditions(stages)) {
    checkCondition(placed, executionMode, producers);
  }
}

function checkConditionCounts(stage: StageDeclaration): void {
  for (const kind of Object.keys(conditionKinds) as (keyof typeof conditionKinds)[]) {
    const declared = stage[kind];
    if (declared === undefined) continue;
    const count = declared.conditions?.length ?? 0;
    if (count === 0 && kind === 'onFailure') continue;
    if (count !== 1) {
      throw invalid(`The ${kind} conditions of ${stageLabel(stage)} list ${count} conditions; exactly one condition is required.`);
    }
  }
}

function checkOnFailure(stage: StageDeclaration, executionMode: ExecutionMode): void {
  const onFailure = stage.onFailure;
  if (onFailure === undefined) return;
  const hasConditions = (onFailure.conditions ?? []).length > 0;
  const where = `the onFailure of ${stageLabel(stage)}`;
  if (onFailure.result === undefined && !hasConditions) {
    throw invalid(`${capitalised(where)} declares neither a result nor conditions.`);
  }
  if (onFailure.result === 'SKIP') {
    throw invalid(`${capitalised(where)} has result SKIP; a failed stage can only ROLLBACK, RETRY or FAIL.`);
  }
  if (onFailure.result === 'ROLLBACK' && executionMode === 'PARALLEL') {
    throw invalid(`${capitalised(where)} has result ROLLBACK, which is not available in PARALLEL execution mode.`);
  }
  if (onFailure.result === 'RETRY') {
    if (onFailure.retryConfiguration?.retryMode === undefined) {
      throw invalid(`${capitalised(where)} has result RETRY without retryConfiguration.retryMode (FAILED_ACTIONS or ALL_ACTIONS).`);
    }
    if (hasConditions) {
      throw invalid(`${capitalised(where)} has result RETRY and conditions; automatic stage retry cannot be used with onFailure conditions.`);
    }
  } else if (onFailure.retryConfiguration !== undefined) {
    throw invalid(`${capitalised(where)} declares retryConfiguration, which applies only to the result RETRY.`);
  }
}

function checkCondition(placed: PlacedCondition, executionMode: ExecutionMode, producers: ReadonlyMap<string, PlacedAction>): void {
  const { condition, kind, stage } = placed;
  const where = `the ${kind} condition of ${stageLabel(stage)}`;
  const allowed: readonly string[] = conditionKinds[kind].results;
  if (condition.result === undefined) {
    if (conditionKinds[kind].resultRequired) throw invalid(`${capitalised(where)} has no result; it must be one of ${allowed.join(', ')}.`);
  } else if (!allowed.includes(condition.result)) {
    throw invalid(`${capitalised(where)} has result ${condition.result}; it must be one of ${allowed.join(', ')}.`);
  }
  if (condition.result === 'ROLLBACK' && executionMode === 'PARALLEL') {
    throw invalid(`${capitalised(where)} has result ROLLBACK, which is not available in PARALLEL execution mode.`);
  }
  const rules = condition.rules ?? [];
  if (rules.length < 1 || rules.length > limits.maxRulesPerCondition) {
    throw invalid(`${capitalised(where)} has ${rules.length} rules; a condition has 1 to ${limits.maxRulesPerCondition} rules.`);
  }
  const duplicate = firstDuplicate(rules.map((rule) => rule.name));
  if (duplicate !== undefined) throw invalid(`${capitalised(where)} has more than one rule named '${duplicate}'.`);
  for (const rule of rules) {
    const placedRule = { ...placed, rule };
    const spec = ruleTypeFor(rule.ruleTypeId);
    if (spec === undefined) {
      const id = rule.ruleTypeId;
      throw invalid(
        `The rule type ${id.category}/${id.owner ?? 'AWS'}/${id.provider}/${id.version ?? '1'} of ${ruleLabel(placedRule)} is not a known rule type; known providers are VariableCheck, DeploymentWindow, LambdaInvoke and Commands (category Rule, owner AWS, version 1).`,
      );
    }
    if (condition.result === 'SKIP' && !spec.allowsSkip) {
      throw invalid(`${capitalised(where)} engages SKIP, which only LambdaInvoke and VariableCheck rules support; ${ruleLabel(placedRule)} is a ${spec.id.provider} rule.`);
    }
    checkRule(placedRule, spec, producers);
  }
}

function checkRule(placed: PlacedRule, spec: RuleTypeSpec, producers: ReadonlyMap<string, PlacedAction>): void {
  const { rule } = placed;
  const where = ruleLabel(placed);
  const configuration = rule.configuration ?? {};
  const declared = new Map(spec.configurationProperties.map((property) => [property.name, property]));
  const unknown = Object.keys(configuration).find((key) => !declared.has(key));
  if (unknown !== undefined) {
    throw invalid(`Rule configuration for ${where} contains unknown configuration '${unknown}'.`);
  }
  for (const property of spec.configurationProperties) {
    const value = configuration[property.name];
    if (property.required && value === undefined) throw invalid(`Rule configuration for ${where} is missing required configuration '${property.name}'.`);
    if (value !== undefined && property.allowedValues !== undefined && !property.allowedValues.includes(value)) {
      throw invalid(`The configuration ${property.name} of ${where} is '${value}'; it must be one of ${property.allowedValues.join(', ')}.`);
    }
  }
  if (spec.acceptsCommands && (rule.commands ?? []).length === 0) throw invalid(`${capitalised(where)} is a Commands rule and must declare commands.`);
  if (!spec.acceptsCommands && rule.commands !== undefined) throw invalid(`The field commands of ${where} is only valid on the Commands rule.`);
  const inputs = rule.inputArtifacts ?? [];
  const { minimumCount, maximumCount } = spec.inputArtifacts;
  if (inputs.length < minimumCount || inputs.length > maximumCount) {
    const allowed = minimumCount === maximumCount ? `exactly ${minimumCount}` : `${minimumCount} to ${maximumCount}`;
    throw invalid(`${capitalised(where)} declares ${inputs.length} input artifact(s); a ${spec.id.provider} rule takes ${allowed}.`);
  }
  for (const { name } of inputs) {
    const producer = producers.get(name);
    if (producer === undefined || producer.stageIndex > lastStageVisibleTo(placed)) {
      throw invalid(
        `Input artifact ${name} of ${where} is not produced by an action that runs before the condition is evaluated (${placed.kind === 'beforeEntry' ? 'an earlier stage' : 'an earlier stage or this stage'}).`,
      );
    }
  }
}
