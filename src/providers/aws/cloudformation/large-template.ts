import type { ActionJob, ProviderTools } from '../../../core/contracts/action-provider.js';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { uploadObject } from '../shared/s3-upload.js';

/** CloudFormation takes a TemplateBody of at most 51,200 bytes; larger templates must come from S3. */
export const templateBodyLimit = 51_200;

/**
 * A template over CloudFormation's body limit goes to the S3 bucket PIPEWRIGHT_AWS_ARTIFACT_BUCKET names
 * (as CodePipeline's own artifact bucket holds it on AWS), and the stack operation gets its URL.
 */
export async function templateUrlFor(job: ActionJob, tools: ProviderTools, templatePath: string, body: string, bucket: string | undefined): Promise<string> {
  const size = Buffer.byteLength(body);
  if (bucket === undefined) {
    throw new AwsActionFailure(
      'ConfigurationError',
      `The template ${templatePath} is ${size} bytes, more than the ${templateBodyLimit} CloudFormation takes in a request. Set PIPEWRIGHT_AWS_ARTIFACT_BUCKET ` +
        `to an S3 bucket in ${job.action.region} that CloudFormation can read: Pipewright uploads the template there and passes its URL.`,
    );
  }
  const name = templatePath.slice(templatePath.indexOf('::') + 2).split('/').at(-1) ?? 'template';
  const key = `${job.pipeline.name}/${job.action.actionExecutionId}/${name}`;
  const uploaded = await uploadObject(job.action.region, bucket, key, Buffer.from(body), 'application/octet-stream');
  tools.log.line('system', `The template is ${size} bytes: uploaded to s3://${bucket}/${key} for CloudFormation to read.`);
  return uploaded.url;
}
