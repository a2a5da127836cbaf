import { ContainerEngine } from '../../shared/containers/container-engine.js';
import { ContainerRun } from '../../shared/containers/container-run.js';
import type { SandboxLauncher } from '../../shared/sandbox/sandbox-launcher.js';
import { environmentLine, type ProjectEnvironment } from '../project/project-environment.js';

/** Where a build runs, by its project's `environment.image`: the log line says which and why. */
export type ImagePlacement =
  | { kind: 'host'; line?: string }
  | { kind: 'container'; run: ContainerRun; line: string }
  /** The image is named and the engine has no such image: the build fails before its first phase. */
  | { kind: 'unavailable'; message: string };

/**
 * CodeBuild's curated images (`aws/codebuild/standard:7.0`, `aws/codebuild/amazonlinux2-x86_64-standard:5.0`…)
 * exist only inside AWS: a buildspec written for one expects the usual tools, which the host has, so
 * such a build runs in the host's sandbox, unless the operator has an image of that very name.
 * Any other name (an ECR URI, a Docker Hub name) is the user's own image, which the build needs.
 */
const curatedImagePrefixes = ['aws/codebuild/'];

/**
 * | engine configured | image | present in the engine | build runs |
 * |---|---|---|---|
 * | no | any | — | in the host's sandbox, the image noted |
 * | yes | curated | no | in the host's sandbox, noted as CodeBuild's own |
 * | yes | any | yes | in the image |
 * | yes | the user's | no | nowhere: fails, as CodeBuild's pull error |
 */
export async function placeBuildImage(environment: ProjectEnvironment | undefined, sandbox: SandboxLauncher): Promise<ImagePlacement> {
  const image = environment?.image;
  const sandboxed = sandbox.status.kind === 'bwrap';
  const settings = sandbox.settings.container;
  if (image === undefined) return { kind: 'host' };
  if (settings === undefined) return { kind: 'host', line: environmentLine(environment, sandboxed)! };
  const engine = new ContainerEngine(settings);
  const check = await engine.hasImage(image);
  if (check.present) {
    return {
      kind: 'container',
      run: new ContainerRun(engine, image, sandbox.settings.hostEnvironment.PATH),
      line: `Environment image ${image}: the build runs in it (${settings.engine}), in place of the host's sandbox, with the user and limits above, the workspace mounted at its own path and no other host files`,
    };
  }
  if (curatedImagePrefixes.some((prefix) => image.startsWith(prefix))) {
    const where = sandboxed ? "in this host's sandbox (bubblewrap)" : 'on this host, unsandboxed';
    return { kind: 'host', line: `Environment image ${image}: CodeBuild's own image, which exists only in AWS (${settings.engine} has none of that name); the build runs ${where}, with the host's tools` };
  }
  return {
    kind: 'unavailable',
    message: `Unable to pull customer's container image. CannotPullContainerError: ${image} is not in ${settings.engine}'s local images (${check.reason}). Pipewright does not pull images: load it on the build host first (${settings.engine} pull, load or build)`,
  };
}
