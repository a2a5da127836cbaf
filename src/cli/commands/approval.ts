import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `approve` and `reject NAME STAGE ACTION [--summary S]`: answers the manual approval waiting there,
 * with the token GetPipelineState shows for it. With --json, PutApprovalResult's response.
 */
export function approvalCommands(): Command[] {
  return [approvalCommand('approve', 'Approved'), approvalCommand('reject', 'Rejected')];
}

function approvalCommand(commandName: string, status: 'Approved' | 'Rejected'): Command {
  return new Command(commandName)
    .description(`${status === 'Approved' ? 'Approve' : 'Reject'} the manual approval waiting in a stage.`)
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .argument('<action>', 'the approval action')
    .option('--summary <text>', 'why (kept with the approval)', status === 'Approved' ? 'Approved with pipewright' : 'Rejected with pipewright')
    .action(lazyAction(() => import('../actions/approval.js'), status === 'Approved' ? 'approveAction' : 'rejectAction'));
}
