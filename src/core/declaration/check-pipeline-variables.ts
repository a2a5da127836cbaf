import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { firstDuplicate } from './declaration-walk.js';
import type { PipelineVariableDeclaration } from './types.js';

const namePattern = /^[A-Za-z0-9@\-_]{1,128}$/;

/**
 * Pipeline-level variables (V2): at most 50, names unique and in the model's alphabet, default values
 * 1–1000 characters. A variable without a default must be given a value when an execution starts.
 */
export function checkPipelineVariables(variables: readonly PipelineVariableDeclaration[]): void {
  if (variables.length > limits.maxPipelineVariables) {
    throw new PipewrightError('ValidationException', `The pipeline declares ${variables.length} variables; at most ${limits.maxPipelineVariables} are allowed.`);
  }
  for (const variable of variables) {
    if (!namePattern.test(variable.name)) {
      throw new PipewrightError('ValidationException', `Pipeline variable name '${variable.name}' must be 1 to 128 characters of letters, digits, '@', '-' and '_'.`);
    }
    if (variable.defaultValue !== undefined && (variable.defaultValue.length < 1 || variable.defaultValue.length > 1000)) {
      throw new PipewrightError('ValidationException', `The default value of pipeline variable ${variable.name} must be 1 to 1000 characters long.`);
    }
  }
  const duplicate = firstDuplicate(variables.map((variable) => variable.name));
  if (duplicate !== undefined) {
    throw new PipewrightError('InvalidStructureException', `The pipeline declares the variable ${duplicate} more than once; variable names must be unique.`);
  }
}
