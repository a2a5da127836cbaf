import { readLimits, type ResourceLimits } from './resource-limits.js';
import { currentSandbox } from './current-sandbox.js';

/**
 * A build's limits: the server's defaults, replaced by the PIPEWRIGHT_BUILD_* limits the project or the
 * action declares as plain-text environment variables (the last declaration wins, as for any variable).
 */
export function projectLimits(declarations: readonly { name: string; value: string; type: string }[]): ResourceLimits {
  const values: Record<string, string> = {};
  for (const declaration of declarations) if (declaration.type === 'PLAINTEXT') values[declaration.name] = declaration.value;
  return readLimits(values, currentSandbox().settings.limits);
}
