import type { Partition } from '../../core/arn.js';

/**
 * The IAM action and resource each of Pipewright's own `/api` routes is authorized as, nearest to what
 * AWS's console would call for the same view: reading events and reports is reading the pipeline,
 * repositories are CodeCommit's, notification rules CodeStar Notifications', the audit CloudTrail's.
 * Rows are tried in order; a route matching none needs a verified caller and nothing more.
 */
interface RouteAction {
  method: string;
  path: RegExp;
  action: string;
  resource: (match: RegExpExecArray, query: URLSearchParams, at: Partition) => string;
}

const pipelineArn = (at: Partition, name: string | null | undefined): string => (name ? `arn:aws:codepipeline:${at.region}:${at.accountId}:${name}` : '*');

const routeActions: readonly RouteAction[] = [
  { method: 'GET', path: /^\/api\/events$/, action: 'codepipeline:GetPipelineState', resource: (_m, query, at) => pipelineArn(at, query.get('pipeline')) },
  { method: 'GET', path: /^\/api\/logs\/[^/]+(\/follow|\/raw)?$/, action: 'codepipeline:ListActionExecutions', resource: () => '*' },
  { method: 'GET', path: /^\/api\/executions\/([^/]+)\/[^/]+\/reports$/, action: 'codepipeline:ListActionExecutions', resource: (m, _q, at) => pipelineArn(at, decodeURIComponent(m[1] ?? '')) },
  { method: 'GET', path: /^\/api\/repos$/, action: 'codecommit:ListRepositories', resource: () => '*' },
  { method: 'POST', path: /^\/api\/repos$/, action: 'codecommit:CreateRepository', resource: () => '*' },
  { method: 'GET', path: /^\/api\/notification-rules$/, action: 'codestar-notifications:ListNotificationRules', resource: () => '*' },
  { method: 'POST', path: /^\/api\/notification-rules$/, action: 'codestar-notifications:CreateNotificationRule', resource: () => '*' },
  { method: 'DELETE', path: /^\/api\/notification-rules\/[^/]+$/, action: 'codestar-notifications:DeleteNotificationRule', resource: () => '*' },
  { method: 'PUT', path: /^\/api\/notification-rules\/[^/]+$/, action: 'codestar-notifications:UpdateNotificationRule', resource: () => '*' },
  { method: 'GET', path: /^\/api\/notification-rules\/[^/]+\/deliveries$/, action: 'codestar-notifications:DescribeNotificationRule', resource: () => '*' },
  { method: 'GET', path: /^\/api\/audit$/, action: 'cloudtrail:LookupEvents', resource: () => '*' },
  // `pipewright worker` (worker-routes.ts) needs what a custom action's job worker needs, and nothing more.
  { method: 'GET', path: /^\/api\/worker\/(hello|signals)$/, action: 'codepipeline:PollForJobs', resource: () => '*' },
  { method: 'POST', path: /^\/api\/worker\/claim$/, action: 'codepipeline:PollForJobs', resource: () => '*' },
  { method: 'POST', path: /^\/api\/worker\/jobs\/[^/]+\/(heartbeat|log)$/, action: 'codepipeline:AcknowledgeJob', resource: () => '*' },
  { method: 'POST', path: /^\/api\/worker\/jobs\/[^/]+\/success$/, action: 'codepipeline:PutJobSuccessResult', resource: () => '*' },
  { method: 'POST', path: /^\/api\/worker\/jobs\/[^/]+\/failure$/, action: 'codepipeline:PutJobFailureResult', resource: () => '*' },
  { method: 'GET', path: /^\/api\/worker\/jobs\/[^/]+\/end$/, action: 'codepipeline:GetJobDetails', resource: () => '*' },
];

export function apiRouteAction(method: string, path: string, query: URLSearchParams, at: Partition): { action: string; resource: string } | undefined {
  for (const row of routeActions) {
    if (row.method !== method) continue;
    const match = row.path.exec(path);
    if (match !== null) return { action: row.action, resource: row.resource(match, query, at) };
  }
  return undefined;
}
