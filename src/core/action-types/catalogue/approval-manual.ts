import { actionType, bounds, days, optional, userGuide } from './define.js';

/** Manual approval: waits for a person; the only type that accepts timeoutInMinutes. */
export const manualApproval = actionType({
  category: 'Approval',
  provider: 'Manual',
  description: 'Stops the pipeline until a person approves or rejects.',
  documentation: `${userGuide}/approvals-action-add.html`,
  properties: [
    optional('NotificationArn', 'The ARN of an Amazon SNS topic notified when approval is needed.'),
    optional('ExternalEntityLink', 'A URL the reviewer is asked to look at.'),
    optional('CustomData', 'Comments for the reviewer.'),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(0),
  // "Manual approval action account-level default timeout: 7 days", overridable per action (5 minutes to 60 days).
  defaultTimeoutMinutes: 7 * days,
  acceptsTimeoutInMinutes: true,
});
