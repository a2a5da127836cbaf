import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The plugin's source, read from src/ whether this module runs from src/ or dist/ (both four folders below the package root). */
const pluginSource = fileURLToPath(new URL('../../../../src/providers/codebuild/environment/aws-cli-plugin/pipewright_endpoints.py', import.meta.url));

/** Where in the build's home the plugin goes: beside the config that names it. */
export const awsCliPluginDir = join('.aws', 'pipewright-plugin');

/**
 * The AWS CLI config Pipewright gives a build that has its role's credentials: a [plugins] section
 * naming pipewright_endpoints, which points an AWS CLI older than 2.13 (Debian 12's 2.9) at the
 * AWS_ENDPOINT_URL_<SERVICE> variables, as the newer CLI reads them itself. `cli_legacy_plugin_path`
 * is where the CLI v2 imports plugins from (awscli/plugin.py).
 */
export function awsCliConfig(home: string): string {
  return [
    '# Written by Pipewright: the plugin below points an AWS CLI older than 2.13 at the AWS_ENDPOINT_URL_<SERVICE>',
    "# variables of this build (newer CLIs read them themselves). `aws configure set` keeps this section.",
    '[plugins]',
    `cli_legacy_plugin_path = ${join(home, awsCliPluginDir)}`,
    'pipewright_endpoints = pipewright_endpoints',
    '',
  ].join('\n');
}

/**
 * Puts the config and the plugin in the build's home (`~/.aws/config`, where the CLI and SDKs look
 * when AWS_CONFIG_FILE is unset), before the build's first command. A config already there (restored
 * from a cache) is kept: the build's own file wins. The home is the build's own and goes with its
 * workspace, so nothing is left on the host.
 */
export async function writeAwsCliConfig(home: string): Promise<void> {
  const pluginDir = join(home, awsCliPluginDir);
  await mkdir(pluginDir, { recursive: true });
  await copyFile(pluginSource, join(pluginDir, 'pipewright_endpoints.py'));
  try {
    await writeFile(join(home, '.aws', 'config'), awsCliConfig(home), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
