import type { Command } from 'commander';
import { usageError } from './exit-codes.js';

/** What a template needs from the person translating it (the options of apply, validate and run). */
export interface TemplateFlags {
  parameter: string[];
  /** Terraform variables given as `terraform -var` takes them (apply and validate only: run's --var is a pipeline variable). */
  terraformVar?: string[];
  resourceName: string[];
  importValue: string[];
  logicalId?: string;
  stackName?: string;
}

const repeatable = (value: string, all: string[]): string[] => [...all, value];

/**
 * Adds the options that fill a template's blanks. `--parameter` also sets Terraform variables (as
 * `terraform -var` does); `apply` and `validate` take `--var` for them too, while `run`'s `--var` is
 * a pipeline variable of the execution, as for `start`.
 */
export function addTemplateOptions(command: Command): Command {
  return command
    .option('--parameter <key=value>', 'a CloudFormation parameter, or a Terraform variable (repeatable)', repeatable, [])
    .option('--resource-name <logicalId=name>', 'the name of a resource the template creates, instead of one made up from its logical id (repeatable)', repeatable, [])
    .option('--import-value <export=value>', 'the value of another stack’s export for Fn::ImportValue (repeatable)', repeatable, [])
    .option('--logical-id <id>', 'only this pipeline of the template (its logical id, or aws_codepipeline.NAME)')
    .option('--stack-name <name>', 'AWS::StackName (default: the file’s name)');
}

/** `--var` of apply and validate: a Terraform variable, as `terraform apply -var` takes it. */
export function addTerraformVarOption(command: Command): Command {
  return command.option('--var <name=value>', 'a Terraform variable, as terraform -var takes it (repeatable; same as --parameter)', repeatable, []);
}

/** `KEY=VALUE` options as a record; `option` names the flag in the message about a malformed one. */
export function keyValues(values: readonly string[], option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const text of values) {
    const equals = text.indexOf('=');
    if (equals < 1) throw usageError(`${option} takes KEY=VALUE; got ${JSON.stringify(text)}.`);
    result[text.slice(0, equals)] = text.slice(equals + 1);
  }
  return result;
}
