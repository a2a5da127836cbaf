import type { Node } from 'yaml';
import type { YamlReader } from '../buildspec/yaml-reader.js';

/**
 * A project's `environment`, as CodeBuild's ProjectEnvironment (CreateProject; CloudFormation's
 * AWS::CodeBuild::Project Environment): which image, compute type and kind of container builds run in.
 * The image runs the build when a container engine is configured and has it (environment/build-image.ts);
 * otherwise builds run in the host's sandbox with the host's tools, and the log says which image was asked for.
 */
export interface ProjectEnvironment {
  image?: string;
  type?: string;
  computeType?: string;
}

/** ProjectEnvironment's keys; those not kept are accepted and have no meaning on a host. */
const keys = ['image', 'type', 'computeType', 'privilegedMode', 'imagePullCredentialsType', 'certificate', 'registryCredential', 'fleet', 'computeConfiguration'] as const;
const kept: readonly string[] = ['image', 'type', 'computeType'];

export function readProjectEnvironment(node: Node | null, reader: YamlReader): ProjectEnvironment {
  const environment: ProjectEnvironment = {};
  for (const { key, value } of reader.entries(node, 'environment', keys)) {
    if (kept.includes(key)) environment[key as keyof ProjectEnvironment] = reader.string(value, `environment.${key}`);
  }
  return environment;
}

/** The build log's line about the image when no container engine is configured: what was asked for, and where the build runs instead. */
export function environmentLine(environment: ProjectEnvironment | undefined, sandboxed: boolean): string | undefined {
  if (environment?.image === undefined) return undefined;
  const where = sandboxed ? "in this host's sandbox (bubblewrap), with the host's tools" : "on this host, unsandboxed, with the host's tools";
  return `Environment image ${environment.image}: not run, no container engine runs builds here; the build runs ${where}`;
}
