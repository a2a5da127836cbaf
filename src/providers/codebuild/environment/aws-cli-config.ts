import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
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

/** What of the host a sandboxed build sees besides its workspace (sandbox/host-layout.ts's system paths). */
const sandboxVisible = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

/**
 * Whether the `aws` a build's PATH finds first is a CLI v2, which loads plugins from
 * `cli_legacy_plugin_path`. Only then is the config written: the CLI v1 imports every `[plugins]` value
 * as a module and fails on that key ("No module named '/…'"), and v2 needs it to load any plugin.
 *
 * | the first `aws` resolves to                                         | plugin config |
 * |---------------------------------------------------------------------|---------------|
 * | /usr/bin/aws of Debian's awscli 2.x (its awscli/plugin.py reads the key) | written  |
 * | the AWS installer's v2 (`…/aws-cli/v2/…/bin/aws`)                    | written       |
 * | anything else (a CLI v1, a pyenv shim), or no `aws`                  | not written   |
 *
 * A sandboxed build sees only the system directories of the host, so only those count there.
 */
export function firstAwsCliLoadsPlugins(pathVariable: string, sandboxed: boolean): boolean {
  for (const dir of pathVariable.split(':')) {
    if (!isAbsolute(dir) || (sandboxed && !sandboxVisible.some((visible) => dir === visible || dir.startsWith(`${visible}/`)))) continue;
    let real: string;
    try {
      accessSync(join(dir, 'aws'), constants.X_OK);
      real = realpathSync(join(dir, 'aws'));
    } catch {
      continue;
    }
    if (real.includes('/aws-cli/v2/')) return true;
    return real === '/usr/bin/aws' && debianCliLoadsPlugins();
  }
  return false;
}

function debianCliLoadsPlugins(): boolean {
  try {
    return readFileSync('/usr/lib/python3/dist-packages/awscli/plugin.py', 'utf8').includes('cli_legacy_plugin_path');
  } catch {
    return false;
  }
}
