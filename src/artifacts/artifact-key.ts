import { randomInt } from 'node:crypto';
import type { ArtifactOwner } from '../core/contracts/artifact-store.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The key of a new artifact, laid out as CodePipeline lays out its artifact bucket: the pipeline name
 * cut to 20 characters, the artifact name cut to 10, and 7 random characters
 * (`MyFirstPipeline/SourceArti/Ab3dE9x`). Truncation can make two pipelines share a folder; the random
 * part keeps keys apart, and stores check for a clash before they take a key.
 */
export function newArtifactKey(owner: ArtifactOwner): string {
  let random = '';
  for (let i = 0; i < 7; i++) random += alphabet[randomInt(alphabet.length)];
  return `${owner.pipelineName.slice(0, 20)}/${owner.artifactName.slice(0, 10)}/${random}`;
}
