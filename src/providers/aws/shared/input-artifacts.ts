import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { Checkout } from '../../../core/contracts/artifact-store.js';
import { AwsActionFailure } from './aws-failure.js';

type InputArtifact = ActionJob['inputArtifacts'][number];

/**
 * The action's input artifacts, checked out read-only when a file of one is first read, released
 * together at the end. Files are named as CodePipeline's configurations name them:
 * `ArtifactName::path/in/artifact` (TemplatePath, TemplateConfiguration), or an artifact and a path.
 */
export class InputArtifacts {
  private readonly checkouts = new Map<string, Promise<Checkout>>();

  constructor(
    private readonly job: ActionJob,
    private readonly tools: ProviderTools,
  ) {}

  artifact(name: string, setting: string): InputArtifact {
    const found = this.job.inputArtifacts.find((artifact) => artifact.name === name);
    if (found === undefined) {
      const names = this.job.inputArtifacts.map((artifact) => artifact.name).join(', ') || 'none';
      throw new AwsActionFailure('ConfigurationError', `${setting} names the artifact ${name}, which is not an input artifact of this action (its input artifacts: ${names}).`);
    }
    return found;
  }

  /** The text of `ArtifactName::path`, the value of the setting named `setting`. */
  async fileAt(reference: string, setting: string): Promise<string> {
    const separator = reference.indexOf('::');
    if (separator <= 0 || separator === reference.length - 2) {
      throw new AwsActionFailure('ConfigurationError', `${setting} must be ArtifactName::FileName; it is ${JSON.stringify(reference)}.`);
    }
    return this.file(reference.slice(0, separator), reference.slice(separator + 2), setting);
  }

  async file(artifactName: string, path: string, setting: string): Promise<string> {
    const artifact = this.artifact(artifactName, setting);
    const relative = normalize(path).replace(/^\/+/, '');
    if (relative.startsWith('..')) throw new AwsActionFailure('ConfigurationError', `${setting}: ${path} is outside the artifact ${artifactName}.`);
    const { directory } = await this.checkout(artifact);
    try {
      return await readFile(join(directory, relative), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new AwsActionFailure('ConfigurationError', `${setting}: the artifact ${artifactName} has no file ${relative}.`);
      }
      throw error;
    }
  }

  async release(): Promise<void> {
    const checkouts = await Promise.allSettled([...this.checkouts.values()]);
    this.checkouts.clear();
    for (const checkout of checkouts) if (checkout.status === 'fulfilled') await checkout.value.release();
  }

  private checkout(artifact: InputArtifact): Promise<Checkout> {
    let checkout = this.checkouts.get(artifact.name);
    if (checkout === undefined) {
      checkout = this.tools.artifacts.checkout(artifact.ref, join(this.tools.workspace, 'inputs', artifact.name), 'read-only');
      this.checkouts.set(artifact.name, checkout);
    }
    return checkout;
  }
}

/** Parses JSON a configuration or file gave, or fails the action saying where it came from. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AwsActionFailure('ConfigurationError', `${where} is not valid JSON: ${(error as Error).message}`);
  }
}
