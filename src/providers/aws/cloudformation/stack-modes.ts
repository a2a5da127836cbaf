import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  UpdateStackCommand,
  type Capability,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { AwsActionFailure } from '../shared/aws-failure.js';
import { pollUntil } from '../shared/poll.js';
import type { ActionMode } from './cloudformation-configuration.js';
import { describeStack, failedStackStatuses, waitForStack, type StackWait } from './stack-reads.js';

/** Everything a stack operation sends, read from the configuration and the input artifacts. */
export interface StackRequest {
  stackName: string;
  changeSetName?: string;
  templateBody?: string;
  /** Instead of the body: where CloudFormation fetches a template too large to send (over 51,200 bytes). */
  templateUrl?: string;
  parameters: Record<string, string>;
  capabilities: string[];
  roleArn?: string;
  tags: Record<string, string>;
  stackPolicy?: string;
}

/** What a mode did: the stack it leaves (for outputs), and a summary for the action. */
export interface ModeResult {
  stack?: Stack;
  summary: string;
}

const createdOrUpdated = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'];

/** The five ActionModes of the CloudFormation action reference, one function each. */
export const stackModes: Record<ActionMode, (wait: StackWait, request: StackRequest) => Promise<ModeResult>> = {
  CREATE_UPDATE: (wait, request) => createOrUpdate(wait, request, false),
  REPLACE_ON_FAILURE: (wait, request) => createOrUpdate(wait, request, true),
  DELETE_ONLY: deleteOnly,
  CHANGE_SET_REPLACE: changeSetReplace,
  CHANGE_SET_EXECUTE: changeSetExecute,
};

/**
 * CREATE_UPDATE creates the stack when it does not exist and updates it otherwise; CloudFormation
 * refuses to update a stack whose creation failed, and its words fail the action. REPLACE_ON_FAILURE
 * deletes such a stack first (ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED, DELETE_FAILED,
 * UPDATE_ROLLBACK_FAILED) and creates it again. An update with no changes succeeds, as on AWS.
 */
async function createOrUpdate(wait: StackWait, request: StackRequest, replaceOnFailure: boolean): Promise<ModeResult> {
  let existing = await describeStack(wait.client, request.stackName);
  if (existing !== undefined && replaceOnFailure && failedStackStatuses.has(String(existing.StackStatus))) {
    wait.tools.log.line('system', `Stack ${request.stackName} is in ${existing.StackStatus}: deleting it to create it again.`);
    await deleteStack(wait, existing, request.roleArn);
    existing = undefined;
  }
  if (existing === undefined || existing.StackStatus === 'REVIEW_IN_PROGRESS') {
    wait.tools.log.line('system', `Creating stack ${request.stackName}.`);
    const { StackId } = await wait.client.send(
      new CreateStackCommand({
        ...stackInput(request),
        ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
        ...(request.stackPolicy !== undefined ? { StackPolicyBody: request.stackPolicy } : {}),
      }),
    );
    const stack = await waitForStack(wait, StackId ?? request.stackName, ['CREATE_COMPLETE']);
    return { stack, summary: `Created stack ${request.stackName}` };
  }
  wait.tools.log.line('system', `Updating stack ${request.stackName} (${existing.StackStatus}).`);
  try {
    await wait.client.send(
      new UpdateStackCommand({
        ...stackInput(request),
        ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
        ...(request.stackPolicy !== undefined ? { StackPolicyBody: request.stackPolicy } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError' && /No updates are to be performed/.test(error.message)) {
      wait.tools.log.line('system', `Stack ${request.stackName}: no updates are to be performed.`);
      return { stack: existing, summary: `Stack ${request.stackName} is up to date: no updates were needed` };
    }
    throw error;
  }
  const stack = await waitForStack(wait, existing.StackId ?? request.stackName, ['UPDATE_COMPLETE']);
  return { stack, summary: `Updated stack ${request.stackName}` };
}

/** DELETE_ONLY: a stack that does not exist is already deleted. */
async function deleteOnly(wait: StackWait, request: StackRequest): Promise<ModeResult> {
  const existing = await describeStack(wait.client, request.stackName);
  if (existing === undefined || existing.StackStatus === 'DELETE_COMPLETE') return { summary: `Stack ${request.stackName} does not exist: nothing to delete` };
  await deleteStack(wait, existing, request.roleArn);
  return { summary: `Deleted stack ${request.stackName}` };
}

async function deleteStack(wait: StackWait, stack: Stack, roleArn: string | undefined): Promise<void> {
  wait.tools.log.line('system', `Deleting stack ${stack.StackName}.`);
  await wait.client.send(new DeleteStackCommand({ StackName: stack.StackId ?? stack.StackName, ...(roleArn ? { RoleARN: roleArn } : {}) }));
  await waitForStack(wait, stack.StackId ?? String(stack.StackName), ['DELETE_COMPLETE']);
}

/**
 * CHANGE_SET_REPLACE: an existing change set of that name is deleted, then created again (type CREATE
 * when the stack does not exist yet, UPDATE otherwise) and waited for; a change set CloudFormation
 * could not create fails the action with its StatusReason, except an empty one ("didn't contain
 * changes"): the stack is up to date, and a rerun of an unchanged pipeline must not fail for it.
 */
async function changeSetReplace(wait: StackWait, request: StackRequest): Promise<ModeResult> {
  const changeSetName = request.changeSetName ?? '';
  const existing = await describeStack(wait.client, request.stackName);
  const creating = existing === undefined || existing.StackStatus === 'REVIEW_IN_PROGRESS';
  if (existing !== undefined) {
    try {
      await wait.client.send(new DeleteChangeSetCommand({ StackName: request.stackName, ChangeSetName: changeSetName }));
      wait.tools.log.line('system', `Deleted the previous change set ${changeSetName}.`);
    } catch (error) {
      if (!(error instanceof Error && (error.name === 'ChangeSetNotFoundException' || error.name === 'ChangeSetNotFound'))) throw error;
    }
  }
  wait.tools.log.line('system', `Creating change set ${changeSetName} (${creating ? 'CREATE' : 'UPDATE'}) for stack ${request.stackName}.`);
  const { Id } = await wait.client.send(
    new CreateChangeSetCommand({
      ...stackInput(request),
      ChangeSetName: changeSetName,
      ChangeSetType: creating ? 'CREATE' : 'UPDATE',
      ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
    }),
  );
  const changeSet = await pollUntil(
    () => wait.client.send(new DescribeChangeSetCommand({ ChangeSetName: Id ?? changeSetName, StackName: request.stackName })),
    (found) => found.Status === 'CREATE_COMPLETE' || found.Status === 'FAILED' || found.Status === 'DELETE_COMPLETE',
    { intervalMs: wait.settings.pollIntervalMs, signal: wait.signal },
  );
  if (changeSet.Status === 'FAILED' && isEmptyChangeSet(changeSet.StatusReason)) {
    wait.tools.log.line('system', `Change set ${changeSetName}: ${changeSet.StatusReason ?? ''}`);
    return { summary: `Change set ${changeSetName} of stack ${request.stackName} has no changes` };
  }
  if (changeSet.Status !== 'CREATE_COMPLETE') {
    throw new AwsActionFailure('JobFailed', `Change set ${changeSetName} of stack ${request.stackName} is ${changeSet.Status}: ${changeSet.StatusReason ?? 'no reason given'}`);
  }
  const changes = changeSet.Changes?.length ?? 0;
  return { summary: `Created change set ${changeSetName} for stack ${request.stackName} (${changes} ${changes === 1 ? 'change' : 'changes'})` };
}

/** CHANGE_SET_EXECUTE: executes the named change set and waits for the stack. */
async function changeSetExecute(wait: StackWait, request: StackRequest): Promise<ModeResult> {
  const changeSetName = request.changeSetName ?? '';
  const existing = await describeStack(wait.client, request.stackName);
  if (existing === undefined) throw new AwsActionFailure('JobFailed', `Stack ${request.stackName} does not exist: create change set ${changeSetName} first (CHANGE_SET_REPLACE).`);
  // An empty change set (CloudFormation creates it FAILED) has nothing to execute: the stack is up to date.
  const changeSet = await wait.client.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetName, StackName: request.stackName }));
  if (changeSet.Status === 'FAILED' && isEmptyChangeSet(changeSet.StatusReason)) {
    wait.tools.log.line('system', `Change set ${changeSetName} has no changes: nothing to execute.`);
    return { stack: existing, summary: `Change set ${changeSetName} has no changes: stack ${request.stackName} is up to date` };
  }
  wait.tools.log.line('system', `Executing change set ${changeSetName} of stack ${request.stackName}.`);
  await wait.client.send(new ExecuteChangeSetCommand({ StackName: request.stackName, ChangeSetName: changeSetName }));
  const stack = await waitForStack(wait, existing.StackId ?? request.stackName, createdOrUpdated);
  return { stack, summary: `Executed change set ${changeSetName}: stack ${request.stackName} is ${stack.StackStatus}` };
}

/** CloudFormation's reasons for a change set it made FAILED because the stack already matches it. */
function isEmptyChangeSet(reason: string | undefined): boolean {
  return reason !== undefined && (/didn't contain changes/.test(reason) || /No updates are to be performed/.test(reason));
}

function stackInput(request: StackRequest) {
  return {
    StackName: request.stackName,
    ...(request.templateUrl !== undefined ? { TemplateURL: request.templateUrl } : request.templateBody !== undefined ? { TemplateBody: request.templateBody } : {}),
    Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    ...(request.capabilities.length > 0 ? { Capabilities: request.capabilities as Capability[] } : {}),
    ...(Object.keys(request.tags).length > 0 ? { Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
}
