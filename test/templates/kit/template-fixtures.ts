import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isPipewrightError } from '../../../src/core/errors/index.js';
import { checkPipelineFileOffline } from '../../../src/server/offline-definition-check.js';
import { readTemplateFile, type TemplateInputs, type TranslatedPipeline, type TranslationResult } from '../../../src/templates/index.js';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures');

export function fixturePath(name: string): string {
  return join(fixturesDir, name);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Translates a fixture as the CLI does, with the inputs a user would give on the command line. */
export function translateFixture(name: string, inputs: Partial<TemplateInputs> = {}, options: { logicalId?: string; stackName?: string; region?: string } = {}): TranslationResult {
  const result = readTemplateFile(fixtureText(name), {
    source: name,
    inputs: { parameters: {}, resourceNames: {}, importValues: {}, ...inputs },
    region: options.region ?? 'us-east-1',
    accountId: '123456789012',
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
    ...(options.logicalId !== undefined ? { logicalId: options.logicalId } : {}),
  });
  if (result === undefined) throw new Error(`${name} is not read as a template`);
  return result;
}

export function onlyPipeline(result: TranslationResult): TranslatedPipeline {
  expect(result.pipelines).toHaveLength(1);
  return result.pipelines[0]!;
}

interface Stage {
  name: string;
  actions: { name: string; actionTypeId: { category: string; owner: string; provider: string; version: string }; configuration?: Record<string, string> }[];
}

export function stagesOf(pipeline: TranslatedPipeline): Stage[] {
  return pipeline.pipeline.stages as Stage[];
}

export function actionOf(pipeline: TranslatedPipeline, stageName: string, actionName: string): Stage['actions'][number] {
  const action = stagesOf(pipeline)
    .find((stage) => stage.name === stageName)
    ?.actions.find((candidate) => candidate.name === actionName);
  if (action === undefined) throw new Error(`no action ${stageName}/${actionName}`);
  return action;
}

/**
 * Action types another engineer's work (the action type catalogue) makes known to the server. Until
 * it is merged, a definition using them is refused for exactly that reason and no other: this is
 * the one refusal a test of a real template accepts, and it names what is pending.
 */
export const typesPendingCatalogue: ReadonlySet<string> = new Set(['CloudFormation', 'CodeDeploy', 'ECS', 'CodeDeployToECS', 'ElasticBeanstalk', 'StepFunctions', 'ECR']);

/** The offline check of a translated pipeline: valid, or refused only for an action type the catalogue work adds. */
export function expectValidOrPendingCatalogue(pipeline: TranslatedPipeline): 'valid' | 'pending catalogue' {
  try {
    checkPipelineFileOffline({ pipeline: pipeline.pipeline, ...(pipeline.tags !== undefined ? { tags: pipeline.tags } : {}) }, 'us-east-1');
    return 'valid';
  } catch (error) {
    if (!isPipewrightError(error)) throw error;
    const provider = /The action type \w+\/AWS\/(\w+)\/1 .* is not a known action type/.exec(error.message)?.[1];
    if (provider === undefined || !typesPendingCatalogue.has(provider)) throw error;
    return 'pending catalogue';
  }
}
