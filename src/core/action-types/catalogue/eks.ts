import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon EKS: kubectl manifests or a Helm chart applied to a cluster (CodePipeline-managed compute). */
export const eksDeploy = actionType({
  category: 'Deploy',
  provider: 'EKS',
  description: 'Deploys to an Amazon EKS cluster with kubectl manifests or a Helm chart from the input artifact.',
  documentation: `${userGuide}/action-reference-EKS.html`,
  properties: [
    required('ClusterName', 'The Amazon EKS cluster.'),
    optional('HelmReleaseName', 'The Helm release name; required with Helm.'),
    optional('HelmChartLocation', 'The location of the Helm chart; required with Helm.'),
    optional('HelmValuesFiles', 'Comma-separated Helm values files that override the chart\'s.'),
    optional('ManifestFiles', 'The Kubernetes manifest files; required with kubectl.'),
    optional('Namespace', 'The Kubernetes namespace of the kubectl or helm commands.'),
    optional('Subnets', 'Subnets of the cluster\'s VPC the action runs in.'),
    optional('SecurityGroupIds', 'Security groups of the cluster\'s VPC the action runs in.'),
  ],
  inputArtifacts: bounds(1),
  outputArtifacts: bounds(0),
  // "The EKS deploy action is only available for V2 type pipelines."
  v2Only: true,
});
