import type { PipelineDeclaration } from '../../core/declaration/types.js';
import type { RequestContext } from './operation.js';

/**
 * iam:PassRole, as CodePipeline checks it on CreatePipeline and UpdatePipeline: the caller must be
 * allowed to pass every role the declaration names (the pipeline's, each action's and rule's), since the
 * pipeline's work will run as them. Refused as AWS refuses: AccessDeniedException, "User: … is not
 * authorized to perform: iam:PassRole on resource: arn:aws:iam::…:role/…". The root and local mode pass.
 * The request says `iam:PassedToService` is codepipeline.amazonaws.com, which AWSCodePipeline_FullAccess
 * grants PassRole on.
 */
export async function checkPassRoles(declaration: PipelineDeclaration, context: RequestContext): Promise<void> {
  const roles = new Set<string>([declaration.roleArn]);
  for (const stage of declaration.stages) {
    for (const action of stage.actions) if (action.roleArn !== undefined) roles.add(action.roleArn);
    for (const condition of [stage.beforeEntry, stage.onSuccess, stage.onFailure]) {
      for (const rule of condition?.conditions?.flatMap((entry) => entry.rules ?? []) ?? []) if (rule.roleArn !== undefined) roles.add(rule.roleArn);
    }
  }
  roles.delete('');
  for (const role of roles) {
    await context.services.identity.authorize(context.principal, 'iam:PassRole', role, { sourceIp: context.sourceIp ?? '', now: context.now, requestKeys: { 'iam:PassedToService': 'codepipeline.amazonaws.com' } });
  }
}
