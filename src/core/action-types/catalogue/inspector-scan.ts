import { actionType, bounds, optional, required, userGuide } from './define.js';

/** Amazon Inspector scan: source code (input artifact) or an ECR image, with vulnerability thresholds. */
export const inspectorScan = actionType({
  category: 'Invoke',
  provider: 'InspectorScan',
  description: 'Scans source code or an Amazon ECR image for vulnerabilities with Amazon Inspector and writes an SBOM.',
  documentation: `${userGuide}/action-reference-InspectorScan.html`,
  properties: [
    required('InspectorRunMode', 'SourceCodeScan or ECRImageScan.'),
    optional('ECRRepositoryName', 'The Amazon ECR repository of the image (ECRImageScan).'),
    optional('ImageTag', 'The tag of the image (ECRImageScan).'),
    optional('CriticalThreshold', 'Critical vulnerabilities beyond which the action fails.', { type: 'Number' }),
    optional('HighThreshold', 'High severity vulnerabilities beyond which the action fails.', { type: 'Number' }),
    optional('MediumThreshold', 'Medium severity vulnerabilities beyond which the action fails.', { type: 'Number' }),
    optional('LowThreshold', 'Low severity vulnerabilities beyond which the action fails.', { type: 'Number' }),
  ],
  // The source code to scan; an image scan takes none (reference, and the CDK's artifact bounds 0..1).
  inputArtifacts: bounds(0, 1),
  outputArtifacts: bounds(1),
});
