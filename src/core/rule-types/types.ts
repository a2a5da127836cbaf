import type { ArtifactCountBounds } from '../action-types/types.js';

/** A rule type as ListRuleTypes describes it: category Rule, owner AWS. */
export interface RuleTypeIdentity {
  category: 'Rule';
  owner: 'AWS';
  provider: string;
  version: string;
}

export interface RuleConfigurationPropertySpec {
  name: string;
  required: boolean;
  key: boolean;
  secret: boolean;
  queryable: boolean;
  description: string;
  type: 'String' | 'Number' | 'Boolean';
  /** The only values AWS accepts, where the rule reference lists them (VariableCheck's Operator). */
  allowedValues?: readonly string[];
}

/** What Pipewright knows of a rule type: its public description plus how a declaration may use it. */
export interface RuleTypeSpec {
  id: RuleTypeIdentity;
  description: string;
  configurationProperties: RuleConfigurationPropertySpec[];
  inputArtifacts: ArtifactCountBounds;
  /** Whether the rule takes the rule-level `commands` list (the Commands rule, which requires it). */
  acceptsCommands: boolean;
  /** Whether a beforeEntry condition may engage SKIP with this rule (AWS: LambdaInvoke and VariableCheck only). */
  allowsSkip: boolean;
  /** How long a rule of this type may take when its declaration sets no timeoutInMinutes. */
  defaultTimeoutMinutes: number;
}
