/**
 * AWS's own words for the refusals whose messages are known from real answers, each with where it was
 * seen. CodePipeline words a missing pipeline differently by operation. Refusals with no known AWS
 * answer keep Pipewright's wording (docs/decisions/buildspec-and-parameters.md says which).
 */
export const awsMessages = {
  /**
   * GetPipeline, GetPipelineState and the other reads and changes of a pipeline: moto's CodePipeline
   * backend and its test assert this text since 2019 (getmoto/moto tests/test_codepipeline), as do
   * other emulators checked against AWS.
   */
  pipelineNotFound: (accountId: string, name: string): string => `Account '${accountId}' does not have a pipeline with name '${name}'`,
  /**
   * StartPipelineExecution, from a real AWS answer logged by a Lambda function
   * (aws-samples/aws-serverless-saas-workshop#51): "Pipeline with name serverless-saas-pipeline does
   * not exist in account 252007810724."
   */
  pipelineNotFoundToStart: (accountId: string, name: string): string => `Pipeline with name ${name} does not exist in account ${accountId}.`,
  /** TagResource, UntagResource, ListTagsForResource on a pipeline ARN with no pipeline (moto's backend). */
  taggedPipelineNotFound: (accountId: string, name: string): string => `The account with id '${accountId}' does not include a pipeline with the name '${name}'`,
} as const;
