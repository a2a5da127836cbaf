import { describe, expect, it } from 'vitest';
import { awsRuleTypes } from './aws-rule-types.js';
import { ruleTypeFor } from './lookup.js';

describe('rule type lookup', () => {
  it('reads a missing owner as AWS and a missing version as 1', () => {
    expect(ruleTypeFor({ category: 'Rule', provider: 'VariableCheck' })?.id).toEqual({ category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' });
    expect(ruleTypeFor({ category: 'Rule', owner: 'AWS', provider: 'LambdaInvoke', version: '1' })?.id.provider).toBe('LambdaInvoke');
  });

  it('knows no other owner, version, category or provider', () => {
    expect(ruleTypeFor({ category: 'Rule', owner: 'Custom', provider: 'VariableCheck' })).toBeUndefined();
    expect(ruleTypeFor({ category: 'Rule', provider: 'VariableCheck', version: '2' })).toBeUndefined();
    expect(ruleTypeFor({ category: 'Build', provider: 'VariableCheck' })).toBeUndefined();
    expect(ruleTypeFor({ category: 'Rule', provider: 'CloudWatchAlarm' })).toBeUndefined();
  });

  it('lets SKIP engage only with LambdaInvoke and VariableCheck, and commands only with the Commands rule', () => {
    expect(awsRuleTypes.filter((spec) => spec.allowsSkip).map((spec) => spec.id.provider).sort()).toEqual(['LambdaInvoke', 'VariableCheck']);
    expect(awsRuleTypes.filter((spec) => spec.acceptsCommands).map((spec) => spec.id.provider)).toEqual(['Commands']);
  });
});
