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
}

export const defaultAwsProviderSettings: AwsProviderSettings = { pollIntervalMs: 5000 };

/** The region of the action (CodePipeline fills it with the pipeline's when the action has none). */
export function clientConfig(region: string): { region: string } {
  return { region };
}
