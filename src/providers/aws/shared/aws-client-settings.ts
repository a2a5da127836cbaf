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

/**
 * PIPEWRIGHT_AWS_POLL_SECONDS: time between two reads of a stack, service or execution (default 5).
 * PIPEWRIGHT_AWS_ARTIFACT_BUCKET: the S3 bucket revisions are uploaded to for CodeDeploy.
 * PIPEWRIGHT_AWS_S3_BUCKETS: comma-separated buckets S3 actions reach on AWS (`*`: every bucket).
 * PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS: comma-separated functions Lambda invoke actions call on AWS (`*`: every function).
 * PIPEWRIGHT_AWS_CODEBUILD_PROJECTS: comma-separated projects CodeBuild actions build on AWS CodeBuild (`*`: every project).
 */
export function awsProviderSettings(env: NodeJS.ProcessEnv): AwsProviderSettings {
  const seconds = Number(env.PIPEWRIGHT_AWS_POLL_SECONDS ?? 5);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`PIPEWRIGHT_AWS_POLL_SECONDS must be a number of seconds; got ${env.PIPEWRIGHT_AWS_POLL_SECONDS}.`);
  const bucket = env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET;
  const buckets = names(env.PIPEWRIGHT_AWS_S3_BUCKETS);
  const functions = names(env.PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS);
  const projects = names(env.PIPEWRIGHT_AWS_CODEBUILD_PROJECTS);
  return {
    pollIntervalMs: seconds * 1000,
    ...(bucket !== undefined && bucket !== '' ? { artifactBucket: bucket } : {}),
    awsBuckets: buckets.includes('*') ? 'all' : new Set(buckets),
    awsFunctions: functions.includes('*') ? 'all' : new Set(functions),
    awsProjects: projects.includes('*') ? 'all' : new Set(projects),
  };
}

function names(list: string | undefined): string[] {
  return (list ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** Whether S3 actions reach `bucket` on AWS (PIPEWRIGHT_AWS_S3_BUCKETS names it) rather than locally. */
export function bucketOnAws(bucket: string, settings: AwsProviderSettings): boolean {
  return settings.awsBuckets === 'all' || settings.awsBuckets.has(bucket);
}
