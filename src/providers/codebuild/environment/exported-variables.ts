import type { ActionLog } from '../../../core/contracts/action-log.js';

/** CodePipeline's limit on the combined size of an action's output variables. */
export const outputVariablesLimit = 122_880;

/**
 * The buildspec's `exported-variables`, read from the environment the last phase left. Names starting
 * with AWS_, and variables whose values came from the parameter or secrets store, are never exported
 * (CodeBuild refuses both); a variable that is not set is left out. Each omission is said in the log.
 */
export function exportedVariables(names: readonly string[], env: Record<string, string>, secretNames: ReadonlySet<string>, log: ActionLog): Record<string, string> {
  const exported: Record<string, string> = {};
  for (const name of names) {
    if (name.startsWith('AWS_')) log.line('system', `Not exporting ${name}: names starting with AWS_ cannot be exported`);
    else if (secretNames.has(name)) log.line('system', `Not exporting ${name}: its value comes from the parameter or secrets store`);
    else if (env[name] === undefined) log.line('system', `Not exporting ${name}: it is not set at the end of the build`);
    else exported[name] = env[name];
  }
  return exported;
}

/** The combined size CodePipeline counts: names and values, in bytes. */
export function outputVariablesSize(variables: Record<string, string>): number {
  let size = 0;
  for (const [name, value] of Object.entries(variables)) size += Buffer.byteLength(name) + Buffer.byteLength(value);
  return size;
}
