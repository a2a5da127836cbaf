import type { Draft } from 'immer';
import type { ConditionDeclaration, RuleDeclaration, StageDeclaration } from '../../declaration/types.js';
import { ruleTypeFor } from '../../rule-types/lookup.js';
import type { ConditionSetRun, ConditionType, RuleRunState } from '../state.js';
import { declarationOf, stageOf, touch, type DraftExecution, type Step } from '../step.js';
import { evaluateRule } from './evaluate-rule.js';

/**
 * Running a stage's conditions: every rule of every condition starts together; rules the machine can
 * answer itself are answered at once (or told when to look again), the others become work. A condition
 * holds when all its rules succeed; a condition set holds when all its conditions hold.
 */
const fallbackRuleTimeoutMinutes = 60;

export function conditionsOf(stage: StageDeclaration, type: ConditionType): readonly ConditionDeclaration[] {
  return stage[type]?.conditions ?? [];
}

export function hasRules(stage: StageDeclaration, type: ConditionType): boolean {
  return conditionsOf(stage, type).some((condition) => (condition.rules ?? []).length > 0);
}

export function startConditionSet(step: Step, execution: DraftExecution, stageName: string, type: ConditionType): void {
  const stage = execution.stages[stageName];
  const declaration = stageOf(declarationOf(step, execution), stageName);
  if (stage === undefined || declaration === undefined) return;
  const now = step.context.now;
  const conditions = conditionsOf(declaration, type);
  stage.conditions = {
    ...stage.conditions,
    [type]: { status: 'InProgress', startedAt: now, updatedAt: now, conditions: conditions.map(() => ({ status: 'InProgress', rules: {} })) },
  };
  conditions.forEach((condition, index) => {
    for (const rule of condition.rules ?? []) startRule(step, execution, stageName, type, index, rule);
  });
  settleConditionSet(step, execution, stageName, type);
  touch(step, execution);
}

function startRule(step: Step, execution: DraftExecution, stageName: string, type: ConditionType, index: number, rule: RuleDeclaration): void {
  const set = execution.stages[stageName]?.conditions?.[type];
  const condition = set?.conditions[index];
  if (condition === undefined) return;
  const now = step.context.now;
  const run: Draft<RuleRunState> = {
    ruleExecutionId: step.context.newId(),
    status: 'InProgress',
    startedAt: now,
    updatedAt: now,
    deadline: now + (rule.timeoutInMinutes ?? ruleTypeFor(rule.ruleTypeId)?.defaultTimeoutMinutes ?? fallbackRuleTimeoutMinutes) * 60_000,
  };
  condition.rules[rule.name] = run;
  applyVerdict(step, execution, stageName, type, rule, run);
}

/** Evaluates a rule the machine can answer; asks for work for the others. */
function applyVerdict(step: Step, execution: DraftExecution, stageName: string, type: ConditionType, rule: RuleDeclaration, run: Draft<RuleRunState>): void {
  const now = step.context.now;
  const verdict = evaluateRule(rule, execution, now);
  run.updatedAt = now;
  switch (verdict.verdict) {
    case 'passed':
      run.status = 'Succeeded';
      run.summary = verdict.summary;
      delete run.wakeAt;
      if (verdict.resolvedConfiguration !== undefined) run.resolvedConfiguration = verdict.resolvedConfiguration;
      return;
    case 'failed':
      run.status = 'Failed';
      run.errorDetails = { code: verdict.code, message: verdict.message };
      delete run.wakeAt;
      if (verdict.resolvedConfiguration !== undefined) run.resolvedConfiguration = verdict.resolvedConfiguration;
      return;
    case 'wait':
      run.summary = verdict.summary;
      run.wakeAt = verdict.until;
      return;
    case 'needs-work':
      run.resolvedConfiguration = { ...(rule.configuration ?? {}) };
      step.effects.push({ type: 'RunRule', executionId: execution.id, stageName, conditionType: type, ruleName: rule.name, ruleExecutionId: run.ruleExecutionId });
      return;
  }
}

/** Derives the status of each condition and of the set from their rules. */
export function settleConditionSet(step: Step, execution: DraftExecution, stageName: string, type: ConditionType): void {
  const set = execution.stages[stageName]?.conditions?.[type];
  if (set === undefined || set.status !== 'InProgress') return;
  for (const condition of set.conditions) {
    const rules = Object.values(condition.rules);
    if (rules.some((rule) => rule.status === 'InProgress')) continue;
    const failed = rules.find((rule) => rule.status !== 'Succeeded');
    condition.status = failed === undefined ? 'Succeeded' : 'Failed';
    if (failed?.errorDetails !== undefined) condition.summary = failed.errorDetails.message;
  }
  if (set.conditions.some((condition) => condition.status === 'InProgress')) return;
  const failed = set.conditions.find((condition) => condition.status !== 'Succeeded');
  set.status = failed === undefined ? 'Succeeded' : 'Failed';
  set.updatedAt = step.context.now;
  if (failed?.summary !== undefined) set.summary = failed.summary;
}

/** Time passed: waiting rules look again, rules past their deadline time out. */
export function reevaluateRules(step: Step, execution: DraftExecution): void {
  const now = step.context.now;
  const declaration = declarationOf(step, execution);
  for (const [stageName, stage] of Object.entries(execution.stages)) {
    for (const [type, set] of Object.entries(stage.conditions ?? {}) as [ConditionType, Draft<ConditionSetRun>][]) {
      if (set.status !== 'InProgress') continue;
      const declared = conditionsOf(stageOf(declaration, stageName) ?? { name: stageName, actions: [] }, type);
      set.conditions.forEach((condition, index) => {
        for (const [ruleName, run] of Object.entries(condition.rules)) {
          if (run.status !== 'InProgress') continue;
          const rule = declared[index]?.rules?.find((candidate) => candidate.name === ruleName);
          if (run.deadline <= now) {
            run.status = 'Failed';
            run.updatedAt = now;
            run.errorDetails = { code: 'TimeoutError', message: `The rule did not pass within its timeout.` };
            delete run.wakeAt;
            if (rule !== undefined && needsWork(rule)) step.effects.push({ type: 'CancelRule', ruleExecutionId: run.ruleExecutionId });
            continue;
          }
          if (rule !== undefined && run.wakeAt !== undefined && run.wakeAt <= now) applyVerdict(step, execution, stageName, type, rule, run);
        }
      });
      settleConditionSet(step, execution, stageName, type);
      touch(step, execution);
    }
  }
}

/** Stops the rules of a condition set that is running (override, stop): they end Abandoned. */
export function abandonConditionSet(step: Step, execution: DraftExecution, stageName: string, type: ConditionType, status: 'Abandoned' | 'Overridden'): void {
  const set = execution.stages[stageName]?.conditions?.[type];
  if (set === undefined || set.status !== 'InProgress') return;
  const now = step.context.now;
  const declared = conditionsOf(stageOf(declarationOf(step, execution), stageName) ?? { name: stageName, actions: [] }, type);
  set.conditions.forEach((condition, index) => {
    for (const [ruleName, run] of Object.entries(condition.rules)) {
      if (run.status !== 'InProgress') continue;
      run.status = 'Abandoned';
      run.updatedAt = now;
      delete run.wakeAt;
      const rule = declared[index]?.rules?.find((candidate) => candidate.name === ruleName);
      if (rule !== undefined && needsWork(rule)) step.effects.push({ type: 'CancelRule', ruleExecutionId: run.ruleExecutionId });
    }
    if (condition.status === 'InProgress') condition.status = status;
  });
  set.status = status;
  set.updatedAt = now;
  touch(step, execution);
}

function needsWork(rule: RuleDeclaration): boolean {
  return rule.ruleTypeId.provider === 'Commands' || rule.ruleTypeId.provider === 'LambdaInvoke';
}

/** The earliest instant a running rule must be looked at again (a window opening, a timeout). */
export function nextRuleWake(execution: { stages: Readonly<Record<string, { conditions?: Readonly<Partial<Record<ConditionType, ConditionSetRun>>> }>> }): number | undefined {
  let earliest: number | undefined;
  for (const stage of Object.values(execution.stages)) {
    for (const set of Object.values(stage.conditions ?? {})) {
      if (set.status !== 'InProgress') continue;
      for (const condition of set.conditions) {
        for (const run of Object.values(condition.rules)) {
          if (run.status !== 'InProgress') continue;
          for (const instant of [run.deadline, run.wakeAt]) {
            if (instant !== undefined && (earliest === undefined || instant < earliest)) earliest = instant;
          }
        }
      }
    }
  }
  return earliest;
}
