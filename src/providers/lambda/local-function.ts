import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A local function: the folder `<data-dir>/functions/<name>/` with the module that exports its handler,
 * and optionally `function.json`, the function's configuration in the words of Lambda's
 * CreateFunction: `Handler` ("index.handler": the file `index.mjs`, `index.js` or `index.cjs`, and its
 * export `handler`), `Timeout` in seconds (Lambda's own: the process is stopped then), `MemorySize`
 * (shown to the function only), `Environment.Variables` and `Role` (its execution role's ARN: what its
 * AWS calls run as; without it, the action's or the pipeline's role).
 */
export interface LocalFunction {
  name: string;
  dir: string;
  modulePath: string;
  exportName: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  role?: string;
}

/** A function cannot be run as configured: the action fails with ConfigurationError and this message. */
export class FunctionConfigurationError extends Error {
  override readonly name = 'FunctionConfigurationError';
}

/** Lambda's longest timeout: a function without one is never cut shorter than Lambda could run it. */
export const defaultTimeoutSeconds = 900;
const defaultMemorySize = 128;
const moduleExtensions = ['.mjs', '.js', '.cjs'] as const;
const handlerPattern = /^([A-Za-z0-9_./-]+)\.([A-Za-z_$][A-Za-z0-9_$]*)$/;

export async function loadLocalFunction(dataDir: string, name: string): Promise<LocalFunction> {
  const dir = join(dataDir, 'functions', name);
  if (!(await isDirectory(dir))) {
    throw new FunctionConfigurationError(`No function ${name}: Pipewright runs local functions from ${dir}/ (index.mjs or index.js exporting handler).`);
  }
  const config = await readConfig(dir);
  const handler = config.Handler ?? 'index.handler';
  const parsed = handlerPattern.exec(handler);
  if (parsed === null || parsed[1] === undefined || parsed[2] === undefined || parsed[1].split('/').includes('..')) {
    throw new FunctionConfigurationError(`The Handler ${JSON.stringify(handler)} of function ${name} is not <file>.<export> (such as index.handler).`);
  }
  const [, file, exportName] = parsed;
  const modulePath = await firstFile(moduleExtensions.map((extension) => join(dir, `${file}${extension}`)));
  if (modulePath === undefined) {
    throw new FunctionConfigurationError(`Function ${name} has no ${file}.mjs, ${file}.js or ${file}.cjs in ${dir} (its Handler is ${handler}).`);
  }
  return {
    name,
    dir,
    modulePath,
    exportName,
    timeoutSeconds: config.Timeout ?? defaultTimeoutSeconds,
    memorySize: config.MemorySize ?? defaultMemorySize,
    environment: config.Environment?.Variables ?? {},
    ...(config.Role !== undefined ? { role: config.Role } : {}),
  };
}

interface FunctionConfig {
  Handler?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  Role?: string;
}

async function readConfig(dir: string): Promise<FunctionConfig> {
  const file = join(dir, 'function.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FunctionConfigurationError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return checkConfig(parsed, file);
}

function checkConfig(value: unknown, file: string): FunctionConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FunctionConfigurationError(`${file} must hold a JSON object.`);
  const config = value as Record<string, unknown>;
  const known = new Set(['Handler', 'Timeout', 'MemorySize', 'Environment', 'Description', 'Runtime', 'Role']);
  const unknown = Object.keys(config).find((key) => !known.has(key));
  if (unknown !== undefined) throw new FunctionConfigurationError(`${file} has an unknown key ${unknown}: use Handler, Timeout, MemorySize, Environment, Role.`);
  const { Handler, Timeout, MemorySize, Environment, Role } = config;
  if (Role !== undefined && (typeof Role !== 'string' || !/^arn:aws[\w-]*:iam::\d{12}:role\/\S+$/.test(Role))) {
    throw new FunctionConfigurationError(`${file}: Role must be a role ARN such as "arn:aws:iam::123456789012:role/my-function".`);
  }
  if (Handler !== undefined && typeof Handler !== 'string') throw new FunctionConfigurationError(`${file}: Handler must be a string such as "index.handler".`);
  if (Timeout !== undefined && (typeof Timeout !== 'number' || !Number.isInteger(Timeout) || Timeout < 1 || Timeout > defaultTimeoutSeconds)) {
    throw new FunctionConfigurationError(`${file}: Timeout must be a whole number of seconds from 1 to ${defaultTimeoutSeconds}, as Lambda's.`);
  }
  if (MemorySize !== undefined && (typeof MemorySize !== 'number' || !Number.isInteger(MemorySize) || MemorySize < 128 || MemorySize > 10_240)) {
    throw new FunctionConfigurationError(`${file}: MemorySize must be a whole number of MB from 128 to 10240.`);
  }
  let variables: Record<string, string> | undefined;
  if (Environment !== undefined) {
    const given = typeof Environment === 'object' && Environment !== null ? (Environment as Record<string, unknown>).Variables : undefined;
    if (typeof given !== 'object' || given === null || Object.values(given).some((entry) => typeof entry !== 'string')) {
      throw new FunctionConfigurationError(`${file}: Environment must be {"Variables": {"NAME": "value", …}} with string values.`);
    }
    variables = given as Record<string, string>;
  }
  return {
    ...(Handler !== undefined ? { Handler } : {}),
    ...(Timeout !== undefined ? { Timeout } : {}),
    ...(MemorySize !== undefined ? { MemorySize } : {}),
    ...(variables !== undefined ? { Environment: { Variables: variables } } : {}),
    ...(typeof Role === 'string' ? { Role } : {}),
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function firstFile(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // next
    }
  }
  return undefined;
}
