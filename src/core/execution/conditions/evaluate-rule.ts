import type { RuleDeclaration } from '../../declaration/types.js';
import { resolveValue } from '../resolve-variables.js';
import type { ExecutionState } from '../state.js';
import { checkDeploymentWindow } from './deployment-window.js';

/**
 * Rules whose answer needs no work outside the machine are decided here, purely: VariableCheck compares
 * a resolved variable, DeploymentWindow compares the instant with its cron window (and says when to look
 * again). Commands and LambdaInvoke rules need work done by a worker.
 */
export type RuleVerdict =
  | { verdict: 'passed'; summary: string; resolvedConfiguration?: Record<string, string> }
  | { verdict: 'failed'; code: string; message: string; resolvedConfiguration?: Record<string, string> }
  | { verdict: 'wait'; until: number; summary: string }
  | { verdict: 'needs-work' };

export function evaluateRule(rule: RuleDeclaration, execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>, now: number): RuleVerdict {
  switch (rule.ruleTypeId.provider) {
    case 'VariableCheck':
      return variableCheck(rule, execution);
    case 'DeploymentWindow':
      return deploymentWindow(rule, now);
    case 'Commands':
    case 'LambdaInvoke':
      return { verdict: 'needs-work' };
    default:
      return { verdict: 'failed', code: 'ConfigurationError', message: `Pipewright cannot run rules of provider ${rule.ruleTypeId.provider}.` };
  }
}

function variableCheck(rule: RuleDeclaration, execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>): RuleVerdict {
  const configuration = rule.configuration ?? {};
  const variable = resolveValue(configuration.Variable ?? '', execution, `Variable of rule ${rule.name}`);
  const expected = resolveValue(configuration.Value ?? '', execution, `Value of rule ${rule.name}`);
  if (!variable.ok) return { verdict: 'failed', code: 'ConfigurationError', message: variable.message };
  if (!expected.ok) return { verdict: 'failed', code: 'ConfigurationError', message: expected.message };
  const operator = configuration.Operator ?? 'EQ';
  const resolvedConfiguration = { ...configuration, Variable: variable.value, Value: expected.value };
  let holds: boolean;
  switch (operator) {
    case 'EQ':
      holds = variable.value === expected.value;
      break;
    case 'NE':
      holds = variable.value !== expected.value;
      break;
    case 'CONTAINS':
      holds = variable.value.includes(expected.value);
      break;
    case 'MATCHES': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(expected.value);
      } catch (error) {
        return { verdict: 'failed', code: 'ConfigurationError', message: `Value ${expected.value} is not a valid regular expression: ${(error as Error).message}`, resolvedConfiguration };
      }
      holds = pattern.test(variable.value);
      break;
    }
    default:
      return { verdict: 'failed', code: 'ConfigurationError', message: `Operator ${operator} is not one of EQ, NE, CONTAINS, MATCHES.`, resolvedConfiguration };
  }
  const statement = `${variable.value} ${operator} ${expected.value}`;
  return holds
    ? { verdict: 'passed', summary: `${statement}: true`, resolvedConfiguration }
    : { verdict: 'failed', code: 'RuleFailed', message: `${statement}: false`, resolvedConfiguration };
}

function deploymentWindow(rule: RuleDeclaration, now: number): RuleVerdict {
  const cron = rule.configuration?.Cron;
  if (cron === undefined) return { verdict: 'failed', code: 'ConfigurationError', message: `Rule ${rule.name} has no Cron.` };
  const timeZone = rule.configuration?.TimeZone;
  const check = checkDeploymentWindow(cron, timeZone, now);
  if ('invalid' in check) return { verdict: 'failed', code: 'ConfigurationError', message: check.invalid };
  if (check.open) return { verdict: 'passed', summary: `Inside the deployment window ${cron}${timeZone !== undefined ? ` (${timeZone})` : ''}.` };
  if (check.opensAt === undefined) return { verdict: 'failed', code: 'RuleFailed', message: `The deployment window ${cron} never opens again.` };
  return { verdict: 'wait', until: check.opensAt, summary: `Waiting for the deployment window, which opens at ${new Date(check.opensAt).toISOString()}.` };
}
