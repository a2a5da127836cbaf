import { SourceMap } from '../source-map.js';
import { ValueError } from '../template-error.js';
import type { MapNode } from '../template-node.js';
import type { TranslatedPipeline } from '../translation.js';
import { artifactStoreShape, stageShape, triggerShape, variableShape, type PropertyShape } from './pipeline-properties.js';
import { PropertyTranslator } from './property-translator.js';
import type { TemplateEvaluator } from './template-evaluator.js';
import type { TemplateResource } from './template-sections.js';

const text: PropertyShape = { kind: 'string' };
const list = (of: PropertyShape): PropertyShape => ({ kind: 'list', of });

/** The pipeline's own properties that map one to one onto a declaration member. */
const directProperties: Readonly<Record<string, { member: string; shape: PropertyShape }>> = {
  RoleArn: { member: 'roleArn', shape: text },
  ArtifactStore: { member: 'artifactStore', shape: artifactStoreShape },
  Stages: { member: 'stages', shape: list(stageShape) },
  Triggers: { member: 'triggers', shape: list(triggerShape) },
  Variables: { member: 'variables', shape: list(variableShape) },
  ExecutionMode: { member: 'executionMode', shape: text },
  PipelineType: { member: 'pipelineType', shape: text },
};

/** The pipeline's properties that do not map one to one (handled below), beside Name. */
const otherProperties = ['Name', 'ArtifactStores', 'Tags', 'DisableInboundStageTransitions', 'RestartExecutionOnUpdate', 'Version'];

/**
 * `AWS::CodePipeline::Pipeline` → CreatePipeline's input. Where CloudFormation's properties differ from
 * the API's members: ArtifactStores is a list of {Region, ArtifactStore} (the API: a map by region);
 * Tags are {Key, Value} (CreatePipeline's tags: {key, value}); DisableInboundStageTransitions is no member
 * (the transitions are disabled after creation, as CloudFormation does); RestartExecutionOnUpdate tells
 * CloudFormation to start an execution after an update, which UpdatePipeline does not do, so it is
 * dropped with a note; Version is read-only. A pipeline without Name gets one made up from the logical id.
 */
export function translatePipeline(resource: TemplateResource, evaluator: TemplateEvaluator): Omit<TranslatedPipeline, 'webhooks' | 'buildProjects' | 'kind' | 'placeholders'> {
  const properties: MapNode = resource.properties ?? { kind: 'map', entries: [], at: resource.at };
  const sourceMap = new SourceMap(resource.at);
  const notes = new Set<string>();
  const translator = new PropertyTranslator(evaluator, sourceMap, notes);
  const pipeline: Record<string, unknown> & { name: string } = { name: evaluator.resourceName(resource.logicalId, resource.at) };
  const nameEntry = properties.entries.find((entry) => entry.key === 'Name');
  sourceMap.set(['name'], nameEntry?.value.at ?? resource.at);
  let tags: { key: string; value: string }[] | undefined;
  const disabledTransitions: { stageName: string; reason: string }[] = [];

  for (const entry of properties.entries) {
    const direct = directProperties[entry.key];
    if (direct !== undefined) {
      const value = translator.translate(entry.value, direct.shape, [direct.member]);
      if (value !== undefined) pipeline[direct.member] = value;
      continue;
    }
    switch (entry.key) {
      case 'ArtifactStores': {
        const stores = translator.translate(entry.value, list(artifactStoreMapShape), ['artifactStores']) as { region: string; artifactStore: unknown }[] | undefined;
        if (stores !== undefined) pipeline.artifactStores = Object.fromEntries(stores.map((store) => [store.region, store.artifactStore]));
        break;
      }
      case 'Tags':
        tags = (translator.translate(entry.value, list(tagShape), ['tags']) as { key: string; value: string }[] | undefined) ?? [];
        break;
      case 'DisableInboundStageTransitions': {
        const transitions = (translator.translate(entry.value, list(transitionShape), ['disabledTransitions']) as { stageName: string; reason: string }[] | undefined) ?? [];
        disabledTransitions.push(...transitions);
        break;
      }
      case 'RestartExecutionOnUpdate':
        notes.add('RestartExecutionOnUpdate is CloudFormation’s, not the pipeline’s: an update through `apply` starts no execution (start one with `pipewright start`)');
        break;
      case 'Version':
        notes.add('Version is read-only: the server numbers versions itself');
        break;
      case 'Name':
        break;
      default:
        throw new ValueError(
          `AWS::CodePipeline::Pipeline has no property ${entry.key} (its properties: ${[...Object.keys(directProperties), ...otherProperties].sort().join(', ')})`,
          entry.keyAt,
        );
    }
  }
  if (pipeline.stages === undefined) throw new ValueError('AWS::CodePipeline::Pipeline needs Stages', resource.at);
  return {
    logicalId: resource.logicalId,
    at: resource.at,
    pipeline,
    ...(tags !== undefined ? { tags } : {}),
    disabledTransitions,
    notes: [...notes],
    sourceMap,
  };
}

const artifactStoreMapShape: PropertyShape = { kind: 'structure', name: 'ArtifactStoreMap', members: { Region: text, ArtifactStore: artifactStoreShape } };
const tagShape: PropertyShape = { kind: 'structure', name: 'Tag', members: { Key: text, Value: text } };
const transitionShape: PropertyShape = { kind: 'structure', name: 'StageTransition', members: { StageName: text, Reason: text } };
