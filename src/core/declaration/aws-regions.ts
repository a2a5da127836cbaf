/**
 * The shape of an AWS Region name in the partitions AWS runs CodePipeline in (aws, aws-cn,
 * aws-us-gov), as the SDKs' partition table matches them (`regionRegex` of @aws-sdk/util-endpoints'
 * partitions.json). A name outside it, such as a placeholder "RegionB", is not a Region: AWS answers
 * "The region af-south-1 specified in 'pipeline.artifactStores' is not a valid AWS Region."
 * (ValidationException, quoted in aws/aws-cdk#15650). The shape is checked rather than a list, so a
 * Region opened after this was written is not refused.
 */
const regionPattern = /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+|cn-[a-z]+-\d+|us-gov-[a-z]+-\d+)$/;

export function isAwsRegion(name: string): boolean {
  return regionPattern.test(name);
}
