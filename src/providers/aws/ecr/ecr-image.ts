import { DescribeImagesCommand, type ECRClient, type ImageDetail } from '@aws-sdk/client-ecr';
import { AwsActionFailure } from '../shared/aws-failure.js';

/** The image a source action names: by its tag (default `latest`), or by a pinned digest. */
export async function describeImage(client: ECRClient, repositoryName: string, image: { imageTag: string } | { imageDigest: string }): Promise<ImageDetail> {
  const { imageDetails = [] } = await client.send(new DescribeImagesCommand({ repositoryName, imageIds: [image] }));
  const found = imageDetails[0];
  if (found?.imageDigest === undefined) throw new AwsActionFailure('JobFailed', `Amazon ECR returned no image ${JSON.stringify(image)} of ${repositoryName}.`);
  return found;
}

/** The image's URI by digest, as the ECR source action's ImageURI variable and imageDetail.json give it. */
export function imageUri(image: ImageDetail, region: string): string {
  return `${image.registryId}.dkr.ecr.${region}.amazonaws.com/${image.repositoryName}@${image.imageDigest}`;
}

/**
 * imageDetail.json, the ECR source action's output artifact (CodePipeline User Guide, "Image
 * definitions file reference": ImageSizeInBytes, ImageDigest, Version, ImagePushedAt, RegistryId,
 * RepositoryName, ImageURI, ImageTags).
 */
export function imageDetailJson(image: ImageDetail, region: string): string {
  return `${JSON.stringify(
    {
      ImageSizeInBytes: String(image.imageSizeInBytes ?? 0),
      ImageDigest: image.imageDigest,
      Version: '1.0',
      ImagePushedAt: image.imagePushedAt?.toUTCString(),
      RegistryId: image.registryId,
      RepositoryName: image.repositoryName,
      ImageURI: imageUri(image, region),
      ImageTags: image.imageTags ?? [],
    },
    null,
    2,
  )}\n`;
}
