import { jsonError, jsonReply, startAwsEndpoint, type AwsEndpoint } from './aws-endpoint.js';

/**
 * A small Amazon ECR on loopback, answering DescribeImages in JSON 1.1
 * (`X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.DescribeImages`) as the Amazon ECR API Reference
 * documents it, with RepositoryNotFoundException and ImageNotFoundException. `push` moves a tag to a new
 * image, as `docker push` does.
 */
export interface FakeEcr extends AwsEndpoint {
  push(repositoryName: string, tag: string, digest: string): void;
  describeImagesCalls(): number;
}

interface Image {
  digest: string;
  tags: string[];
  pushedAt: number;
}

export async function startFakeEcr(repositories: readonly string[]): Promise<FakeEcr> {
  const registryId = '111122223333';
  const images = new Map<string, Image[]>(repositories.map((name) => [name, []]));
  let pushes = 0;
  const endpoint = await startAwsEndpoint((request) => {
    if (request.target !== 'DescribeImages') return jsonError('UnknownOperationException', `Unknown operation ${request.target}`);
    const body = JSON.parse(request.body || '{}') as { repositoryName?: string; imageIds?: { imageTag?: string; imageDigest?: string }[] };
    const repositoryName = body.repositoryName ?? '';
    const found = images.get(repositoryName);
    if (found === undefined) return jsonError('RepositoryNotFoundException', `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`);
    const details = [];
    for (const id of body.imageIds ?? []) {
      const image = found.find((candidate) => (id.imageDigest !== undefined ? candidate.digest === id.imageDigest : candidate.tags.includes(id.imageTag ?? '')));
      if (image === undefined) {
        return jsonError(
          'ImageNotFoundException',
          `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
        );
      }
      details.push({
        registryId,
        repositoryName,
        imageDigest: image.digest,
        imageTags: image.tags,
        imageSizeInBytes: 44728918,
        imagePushedAt: image.pushedAt,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      });
    }
    return jsonReply({ imageDetails: details });
  });
  return {
    ...endpoint,
    push(repositoryName, tag, digest) {
      const list = images.get(repositoryName) ?? [];
      for (const image of list) image.tags = image.tags.filter((existing) => existing !== tag);
      list.push({ digest, tags: [tag], pushedAt: 1796648400 + ++pushes * 60 });
      images.set(repositoryName, list);
    },
    describeImagesCalls: () => endpoint.requests.filter((request) => request.target === 'DescribeImages').length,
  };
}
