import { awsRuleTypes } from './aws-rule-types.js';
import type { RuleTypeSpec } from './types.js';

/** The default version of a rule whose ruleTypeId leaves it out. */
export const defaultRuleTypeVersion = '1';

/**
 * The rule type a ruleTypeId names. `owner` and `version` are optional in the model; missing, they
 * mean AWS and version 1.
 */
export function ruleTypeFor(id: { category: string; owner?: string; provider: string; version?: string }): RuleTypeSpec | undefined {
  if (id.category !== 'Rule' || (id.owner ?? 'AWS') !== 'AWS') return undefined;
  const version = id.version ?? defaultRuleTypeVersion;
  return awsRuleTypes.find((spec) => spec.id.provider === id.provider && spec.id.version === version);
}
