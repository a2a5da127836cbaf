import { actionType, bounds, required, optional, userGuide } from './define.js';

/** CodePipeline invoke: starts another pipeline, with variables and source revisions. */
export const codePipelineInvoke = actionType({
  category: 'Invoke',
  provider: 'CodePipeline',
  description: 'Starts an execution of another pipeline, with pipeline variables and source revision overrides.',
  documentation: `${userGuide}/action-reference-PipelineInvoke.html`,
  properties: [
    required('PipelineName', 'The name of the pipeline to start.'),
    optional('SourceRevisions', 'A JSON array of source revision overrides ({actionName, revisionType, revisionValue}).'),
    optional('Variables', 'A JSON array of pipeline variables ({name, value}).'),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(0),
  // "This action is only supported for V2 type pipelines."
  v2Only: true,
});
