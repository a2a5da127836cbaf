/**
 * What a user reads when Pipewright has no way to run an action type: what the action does on AWS and
 * what to do instead. Keyed by provider (`Category/Owner/Provider`); the version is always 1.
 */
export interface NotRunnableGuidance {
  /** What the action does on AWS, as a noun phrase. */
  work: string;
  /** What to configure or use instead, as a sentence. */
  instead: string;
}

const commandsInstead = (tool: string): string =>
  `Run ${tool} from a Commands or CodeBuild action instead (Pipewright runs those itself), or keep this action in a pipeline on AWS CodePipeline.`;

export const notRunnableGuidance: Readonly<Record<string, NotRunnableGuidance>> = {
  'Build/AWS/ECRBuildAndPublish': { work: 'builds and pushes a Docker image on CodePipeline-managed compute', instead: commandsInstead('docker build and docker push') },
  'Test/AWS/DeviceFarm': { work: 'tests an app on AWS Device Farm devices', instead: commandsInstead('the Device Farm CLI (aws devicefarm schedule-run)') },
  'Deploy/AWS/EKS': { work: 'applies kubectl manifests or a Helm chart to an Amazon EKS cluster', instead: commandsInstead('kubectl apply or helm upgrade') },
  'Deploy/AWS/EC2': { work: 'deploys to Amazon EC2 instances through AWS Systems Manager', instead: commandsInstead('aws ssm send-command') },
  'Deploy/AWS/Lambda': { work: 'publishes an AWS Lambda version and shifts an alias to it', instead: commandsInstead('aws lambda update-function-code and update-alias') },
  'Deploy/AWS/AppConfig': { work: 'starts an AWS AppConfig deployment', instead: commandsInstead('aws appconfig start-deployment') },
  'Deploy/AWS/ServiceCatalog': { work: 'publishes an AWS Service Catalog product version', instead: commandsInstead('aws servicecatalog create-provisioning-artifact') },
  'Deploy/AWS/OpsWorks': { work: 'deploys an AWS OpsWorks Stacks app', instead: commandsInstead('aws opsworks create-deployment') },
  'Deploy/ThirdParty/AlexaSkillsKit': { work: 'deploys an Alexa skill with the Alexa Skills Kit', instead: commandsInstead('the ASK CLI (ask deploy)') },
  'Invoke/AWS/InspectorScan': { work: 'scans code or an image with Amazon Inspector', instead: commandsInstead('a scanner such as aws inspector-scan scan-sbom') },
};

/** Words for a type the table does not know (a type added to the catalogue later). */
export const defaultGuidance: NotRunnableGuidance = {
  work: 'is carried out by an AWS service',
  instead: 'Run the same work from a Commands or CodeBuild action instead, or keep this action in a pipeline on AWS CodePipeline.',
};
