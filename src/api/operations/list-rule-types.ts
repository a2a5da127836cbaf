import { awsRuleTypes } from '../../core/rule-types/aws-rule-types.js';
import { presentRuleType } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/** The rule types stage conditions can use. All are owned by AWS; a regionFilter naming another region finds none. */
export const listRuleTypes: Operation<wire.ListRuleTypesInput, wire.ListRuleTypesOutput> = (input, context) => {
  if (input.regionFilter !== undefined && input.regionFilter !== context.services.partition.region) return Promise.resolve({ ruleTypes: [] });
  return Promise.resolve({ ruleTypes: awsRuleTypes.map(presentRuleType) });
};
