import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon S3 source: a zip object in a versioned bucket. The one source AWS lets run in another region. */
export const s3Source = actionType({
  category: 'Source',
  provider: 'S3',
  description: 'Starts the pipeline when a new version of an object is stored in a versioned Amazon S3 bucket.',
  documentation: `${userGuide}/action-reference-S3.html`,
  properties: [
    required('S3Bucket', 'The name of the bucket where source changes are detected.'),
    required('S3ObjectKey', 'The key of the object where source changes are detected.'),
    optional('AllowOverrideForS3ObjectKey', 'Whether StartPipelineExecution may override S3ObjectKey (source revision type S3_OBJECT_KEY).', { type: 'Boolean' }),
    optional('PollForSourceChanges', 'Whether CodePipeline polls the object for changes (default true).', { type: 'Boolean' }),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(1),
  // The action reference's declaration sets Region on this source (bucket my-bucket-oregon), and
  // awsdocs/aws-codepipeline-user-guide#45 reports S3 sources as the exception to "no cross-Region source actions".
  crossRegion: true,
});
