/** CodePipeline's structural quotas (user guide, "Quotas in AWS CodePipeline"). */
export const declarationLimits = {
  minStages: 2,
  maxStages: 50,
  maxActionsPerStage: 50,
  maxActionsPerPipeline: 500,
  minRunOrder: 1,
  maxRunOrder: 999,
  maxConfigurationKeyLength: 50,
  maxConfigurationValueLength: 1000,
  maxQueryableValueLength: 20,
  maxPipelineVariables: 50,
  maxTriggers: 50,
  maxFiltersPerEvent: 3,
  maxPatternsPerCriteria: 8,
  maxRulesPerCondition: 5,
} as const;
