import { pipelineArn, type Partition } from '../../core/arn.js';
import type { ActionTypeLookup } from '../../core/action-types/lookup.js';
import { toEpochSeconds } from '../../core/clock.js';
import type { PipelineRecord, PipelineSummaryRecord, PipelineVersionRecord } from '../../core/contracts/store.js';
import type { ActionTypeId, PipelineDeclaration } from '../../core/declaration/types.js';
import { maskedSecret } from '../../core/declaration/check-action-configuration.js';
import type * as wire from '../wire/shapes.js';

/** What GetPipeline shows of a secret configuration value, and what UpdatePipeline reads as "unchanged". */
export { maskedSecret };

/** The declaration as the API returns it: secret configuration values masked. */
export function presentDeclaration(declaration: PipelineDeclaration, actionTypes: ActionTypeLookup): wire.PipelineDeclaration {
  return {
    ...declaration,
    stages: declaration.stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) => {
        const configuration = maskSecretConfiguration(action.configuration, action.actionTypeId, actionTypes);
        return configuration === action.configuration ? action : { ...action, ...(configuration !== undefined ? { configuration } : {}) };
      }),
    })),
  };
}

/**
 * An action's configuration with the values of its type's secret properties (custom action types)
 * shown as `****`: what GetPipeline and ListActionExecutions show. Returns the same object when there
 * is nothing to mask.
 */
export function maskSecretConfiguration(
  configuration: Record<string, string> | undefined,
  typeId: ActionTypeId,
  actionTypes: ActionTypeLookup,
): Record<string, string> | undefined {
  const secrets = new Set((actionTypes(typeId)?.configurationProperties ?? []).filter((property) => property.secret).map((property) => property.name));
  if (configuration === undefined || secrets.size === 0) return configuration;
  return Object.fromEntries(Object.entries(configuration).map(([key, value]) => [key, secrets.has(key) ? maskedSecret : value]));
}

export function presentPipelineMetadata(
  pipeline: Pick<PipelineRecord, 'name' | 'created' | 'updated' | 'pollingDisabledAt'>,
  partition: Partition,
): wire.PipelineMetadata {
  return {
    pipelineArn: pipelineArn(partition, pipeline.name),
    created: toEpochSeconds(pipeline.created),
    updated: toEpochSeconds(pipeline.updated),
    ...(pipeline.pollingDisabledAt !== undefined ? { pollingDisabledAt: toEpochSeconds(pipeline.pollingDisabledAt) } : {}),
  };
}

export function presentVersionMetadata(version: PipelineVersionRecord, current: PipelineRecord, partition: Partition): wire.PipelineMetadata {
  return presentPipelineMetadata(
    { name: version.name, created: version.pipelineCreated, updated: version.created, pollingDisabledAt: current.pollingDisabledAt },
    partition,
  );
}

export function presentPipelineSummary(summary: PipelineSummaryRecord): wire.PipelineSummary {
  return {
    name: summary.name,
    version: summary.version,
    pipelineType: summary.pipelineType,
    executionMode: summary.executionMode,
    created: toEpochSeconds(summary.created),
    updated: toEpochSeconds(summary.updated),
  };
}
