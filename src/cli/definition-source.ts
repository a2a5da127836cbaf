import { parsePipelineFile, PipelineFileError, type PipelineFile } from '../core/declaration/parse-pipeline-file.js';
import type { Connection } from '../client/index.js';
import { readTemplateFile, TemplateError, type TranslationResult } from '../templates/index.js';
import { displayName, readInputFile } from './definition-file.js';
import { existsSync } from 'node:fs';
import { CliFailure, ExitCode, usageError } from './exit-codes.js';
import { keyValues, type TemplateFlags } from './template-options.js';
import { isTerraformPath, readTerraform } from './terraform-file.js';

/** A definition file as read: CodePipeline's own definition, or a template translated into one or more. */
export type Definition =
  | { kind: 'api'; source: string; text: string }
  | { kind: 'template'; source: string; result: TranslationResult };

/** The account templates are translated for (AWS::AccountId, ARNs): the server's, read from the same variable. */
export function accountIdFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.PIPEWRIGHT_ACCOUNT_ID ?? '123456789012';
}

/**
 * Reads `path` whatever it holds: a CloudFormation, SAM or CDK template, or CodePipeline's JSON or YAML
 * definition. A file that cannot be read is a usage error; a template that cannot be translated throws
 * the TemplateError that names the file, line, column and resource (CodePipeline's own definition is
 * parsed by the caller: see `parseApiDefinition`).
 */
export async function readDefinition(path: string, flags: TemplateFlags, connection: Connection): Promise<Definition> {
  const source = displayName(path);
  const inputs = {
    parameters: { ...keyValues(flags.terraformVar ?? [], '--var'), ...keyValues(flags.parameter, '--parameter') },
    resourceNames: keyValues(flags.resourceName, '--resource-name'),
    importValues: keyValues(flags.importValue, '--import-value'),
  };
  if (await isTerraformPath(path)) {
    if (!existsSync(path)) throw usageError(`Cannot read ${path}: no such file or folder.`);
    const result = await readTerraform(path, { inputs, region: connection.region, accountId: accountIdFromEnvironment(), ...(flags.logicalId !== undefined ? { logicalId: flags.logicalId } : {}) });
    return { kind: 'template', source, result };
  }
  const text = await readInputFile(path);
  const result = readTemplateFile(text, {
      source,
      inputs: {
        parameters: { ...keyValues(flags.terraformVar ?? [], '--var'), ...keyValues(flags.parameter, '--parameter') },
        resourceNames: keyValues(flags.resourceName, '--resource-name'),
        importValues: keyValues(flags.importValue, '--import-value'),
      },
      region: connection.region,
      accountId: accountIdFromEnvironment(),
      ...(flags.stackName !== undefined ? { stackName: flags.stackName } : {}),
      ...(flags.logicalId !== undefined ? { logicalId: flags.logicalId } : {}),
    });
  if (result !== undefined) return { kind: 'template', source, result };
  return { kind: 'api', source, text };
}

/** CodePipeline's own definition, parsed; a syntax error is a refusal naming the file, line and column. */
export function parseApiDefinition(definition: Extract<Definition, { kind: 'api' }>): PipelineFile {
  try {
    return parsePipelineFile(definition.text, definition.source);
  } catch (error) {
    if (error instanceof PipelineFileError) throw new CliFailure(error.message, ExitCode.refused);
    throw error;
  }
}

/** readDefinition for commands that only report a refusal: a template's refusal becomes the CLI's. */
export async function readDefinitionForCommand(path: string, flags: TemplateFlags, connection: Connection): Promise<Definition> {
  try {
    return await readDefinition(path, flags, connection);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliFailure(error.message, ExitCode.refused);
    throw error;
  }
}
