/**
 * What every AWS SDK client of a provider is made with. Credentials and endpoints are left to the SDK
 * on purpose: its standard chain (environment, profiles, SSO, instance and container roles) and its
 * endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, `endpoint_url` in a profile) are
 * what the AWS CLI uses too, so the same settings reach AWS, LocalStack or any compatible endpoint.
 */
export interface AwsProviderSettings {
  /** Time between two reads of a stack, service or execution that is still changing. */
  pollIntervalMs: number;
  /**
   * An S3 bucket AWS services can read, where an action whose service reads its revision from S3
   * (CodeDeploy) puts the input artifact as a zip. Pipewright's own artifact store is not such a place:
   * on the filesystem no AWS service sees it, and on S3 artifacts are stored as content-addressed files.
   */
  artifactBucket?: string;
  /**
   * The S3 buckets that are real buckets (on AWS or the SDK's S3 endpoint) for S3 source and deploy
   * actions, or 'all'. Every other bucket is the local object store's, as before.
   */
  awsBuckets: ReadonlySet<string> | 'all';
  /** The Lambda functions invoke actions call on AWS Lambda (or the SDK's Lambda endpoint), or 'all'; the others are local. */
  awsFunctions: ReadonlySet<string> | 'all';
  /** The CodeBuild projects build and test actions run on AWS CodeBuild (or the SDK's CodeBuild endpoint), or 'all'; the others build here. */
  awsProjects: ReadonlySet<string> | 'all';
}

export const defaultAwsProviderSettings: AwsProviderSettings = { pollIntervalMs: 5000, awsBuckets: new Set(), awsFunctions: new Set(), awsProjects: new Set() };

/** The region of the action (CodePipeline fills it with the pipeline's when the action has none). */
export function clientConfig(region: string): { region: string } {
  return { region };
}

/**
 * An S3 client's settings: path-style addressing (`endpoint/bucket/key`) whenever an endpoint is
 * configured, as LocalStack, MinIO and other S3-compatible servers need, and for bucket names with dots;
 * AWS's own endpoints keep virtual-hosted addressing.
 */
export function s3ClientConfig(region: string, env: NodeJS.ProcessEnv = process.env): { region: string; forcePathStyle: boolean } {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return { region, forcePathStyle: endpoint !== undefined && endpoint !== '' };
}
