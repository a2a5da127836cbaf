import type { RuleConfigurationPropertySpec, RuleTypeSpec } from './types.js';

/**
 * The rule types stage conditions may use, with their configuration parameters as AWS's rule
 * reference documents them (user guide, "Rule structure reference"). CloudWatchAlarm is not among
 * them: Pipewright has no alarms to watch.
 */

function prop(name: string, required: boolean, description: string, allowedValues?: readonly string[]): RuleConfigurationPropertySpec {
  return {
    name,
    required,
    key: required,
    secret: false,
    queryable: false,
    description,
    type: 'String',
    ...(allowedValues !== undefined ? { allowedValues } : {}),
  };
}

export const variableCheckOperators = ['EQ', 'NE', 'CONTAINS', 'MATCHES'] as const;

export const awsRuleTypes: readonly RuleTypeSpec[] = [
  {
    id: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
    description: 'Compares a variable of the pipeline execution with a value.',
    configurationProperties: [
      prop('Variable', true, 'The variable to check, as a reference such as #{SourceVariables.BranchName}.'),
      prop('Value', true, 'The value to compare the variable with.'),
      prop('Operator', true, 'EQ, NE, CONTAINS, or MATCHES (a regular expression).', variableCheckOperators),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    acceptsCommands: false,
    allowsSkip: true,
    defaultTimeoutMinutes: 60,
  },
  {
    id: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' },
    description: 'Succeeds while the current time is inside a window given by a cron expression.',
    configurationProperties: [
      prop('Cron', true, 'The cron expression (6 required fields, an optional year) of the times deployments are allowed.'),
      prop('TimeZone', false, 'The time zone of the window (default UTC).'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 0 },
    acceptsCommands: false,
    allowsSkip: false,
    defaultTimeoutMinutes: 7 * 24 * 60, // A window may stay shut for days: the stage waits for it, as for an approval.
  },
  {
    id: { category: 'Rule', owner: 'AWS', provider: 'LambdaInvoke', version: '1' },
    description: 'Runs a local function from <data-dir>/functions/<FunctionName>; the rule succeeds when it reports success.',
    configurationProperties: [
      prop('FunctionName', true, 'The function under <data-dir>/functions.'),
      prop('UserParameters', false, 'A string passed to the function.'),
    ],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    acceptsCommands: false,
    allowsSkip: true,
    defaultTimeoutMinutes: 60,
  },
  {
    id: { category: 'Rule', owner: 'AWS', provider: 'Commands', version: '1' },
    description: 'Runs the rule-level commands; the rule succeeds when they all exit with 0.',
    configurationProperties: [],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    acceptsCommands: true,
    allowsSkip: false,
    defaultTimeoutMinutes: 55,
  },
];
