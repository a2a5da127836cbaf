import type { ActionLog } from '../../../core/contracts/action-log.js';
import type { SecretResolver } from '../../../core/contracts/secret-resolver.js';
import type { BuildspecEnv } from '../buildspec/types.js';
import { parseSecretReference } from '../buildspec/secret-reference.js';
import { BuildConfigurationError } from '../configuration-error.js';
import { currentSandbox } from '../../shared/sandbox/current-sandbox.js';

export const variableTypes = ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'] as const;
export type VariableType = (typeof variableTypes)[number];

/** An environment variable as CodeBuild declares them: the value, or the name of where it is kept. */
export interface EnvironmentVariable {
  name: string;
  value: string;
  type: VariableType;
  /** Where it was declared, for messages ("buildspec", "project my-app", "action configuration"). */
  origin: string;
}

export interface ResolvedVariables {
  values: Record<string, string>;
  /** Variables whose values came from the parameter or secrets store: masked, never exported. */
  secretNames: Set<string>;
}

/** The buildspec's `env` as declarations, in CodeBuild's order (its precedence is the lowest). */
export function buildspecVariables(env: BuildspecEnv): EnvironmentVariable[] {
  return [
    ...Object.entries(env.variables).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const, origin: 'buildspec env.variables' })),
    ...Object.entries(env.parameterStore).map(([name, value]) => ({ name, value, type: 'PARAMETER_STORE' as const, origin: 'buildspec env.parameter-store' })),
    ...Object.entries(env.secretsManager).map(([name, value]) => ({ name, value, type: 'SECRETS_MANAGER' as const, origin: 'buildspec env.secrets-manager' })),
  ];
}

/**
 * Resolves declarations given from the lowest precedence to the highest (buildspec, then the build
 * project, then the action: CodeBuild's order), so a later one replaces an earlier one of the same
 * name. Values are taken literally (`$PATH:/x` is not expanded). Values read from the parameter or
 * secrets store are masked in the log. A name starting with CODEBUILD_ is CodeBuild's own and skipped.
 */
export async function resolveVariables(declarations: readonly EnvironmentVariable[], secrets: SecretResolver, log: ActionLog): Promise<ResolvedVariables> {
  const winners = new Map<string, EnvironmentVariable>();
  for (const declaration of declarations) {
    if (declaration.name.startsWith('CODEBUILD_')) {
      log.line('system', `Skipping environment variable ${declaration.name} (${declaration.origin}): the CODEBUILD_ prefix is reserved`);
      continue;
    }
    winners.delete(declaration.name);
    winners.set(declaration.name, declaration);
  }
  const values: Record<string, string> = {};
  const secretNames = new Set<string>();
  for (const variable of winners.values()) {
    if (variable.type === 'PLAINTEXT') {
      values[variable.name] = variable.value;
      continue;
    }
    const value = variable.type === 'PARAMETER_STORE' ? await secrets.parameter(variable.value) : await secretValue(variable.value, secrets);
    if (value === undefined) {
      const what = variable.type === 'PARAMETER_STORE' ? `parameter '${variable.value}'` : `secret '${variable.value}'`;
      throw new BuildConfigurationError(`Environment variable ${variable.name} (${variable.origin}) refers to ${what}, which does not exist`);
    }
    log.mask(value);
    values[variable.name] = value;
    secretNames.add(variable.name);
  }
  return { values, secretNames };
}

async function secretValue(reference: string, secrets: SecretResolver): Promise<string | undefined> {
  const { secretId, ...options } = parseSecretReference(reference);
  return secrets.secret(secretId, options);
}

/**
 * The host's environment a build starts from: PATH, locale and time zone, and the variables the
 * operator passes on (PIPEWRIGHT_BUILD_PASS_ENV); never the rest of the server's environment (see
 * shared/sandbox/build-environment.ts).
 */
export function hostEnvironment(): Record<string, string> {
  return { ...currentSandbox().settings.hostEnvironment };
}

/** Parses a JSON list of `{name, value, type}` (the CodeBuild action's EnvironmentVariables, a project's list). */
export function parseVariableList(json: unknown, origin: string): EnvironmentVariable[] {
  if (!Array.isArray(json)) throw new BuildConfigurationError(`${origin} must be a list of {name, value, type}`);
  return json.map((item: unknown, index) => {
    const at = `${origin}[${index}]`;
    if (typeof item !== 'object' || item === null) throw new BuildConfigurationError(`${at} must be an object with name, value and type`);
    const { name, value, type } = item as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new BuildConfigurationError(`${at}.name must be a variable name (letters, digits, _)`);
    if (typeof value !== 'string') throw new BuildConfigurationError(`${at}.value must be a string`);
    const kind = type ?? 'PLAINTEXT';
    if (typeof kind !== 'string' || !(variableTypes as readonly string[]).includes(kind)) {
      throw new BuildConfigurationError(`${at}.type must be one of ${variableTypes.join(', ')}`);
    }
    return { name, value, type: kind as VariableType, origin };
  });
}
