import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
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

/** The offline check of a translated pipeline, the server's own validation: throws what the server would refuse. */
export function expectValid(pipeline: TranslatedPipeline): 'valid' {
  checkPipelineFileOffline({ pipeline: pipeline.pipeline, ...(pipeline.tags !== undefined ? { tags: pipeline.tags } : {}) }, 'us-east-1');
  return 'valid';
}
