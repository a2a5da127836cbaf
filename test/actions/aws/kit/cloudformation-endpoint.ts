import { randomUUID } from 'node:crypto';
import { startAwsEndpoint, xml, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/**
 * A small CloudFormation on loopback, answering the query protocol (form-encoded `Action=…` requests,
 * XML responses in the 2010-05-15 namespace, `<ErrorResponse>` errors) as the CloudFormation API
 * Reference documents it. Its stacks move one status per DescribeStacks read, so a test never depends
 * on time: CREATE_IN_PROGRESS is seen once, then CREATE_COMPLETE, or ROLLBACK_IN_PROGRESS then
 * ROLLBACK_COMPLETE with the failed resource's event when the test scripted a failure.
 */
export interface FakeCloudFormation extends AwsEndpoint {
  stacks: Map<string, FakeStack>;
  /** The failure the next create or update of `stackName` meets (a resource and CloudFormation's reason). */
  failNext(stackName: string, failure: ResourceFailure): void;
  /** Requests by Action, in order. */
  actions(): string[];
}

export interface ResourceFailure {
  logicalId: string;
  type: string;
  reason: string;
}

export interface FakeStack {
  id: string;
  name: string;
  status: string;
  template: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  capabilities: string[];
  roleArn?: string;
  stackPolicy?: string;
  /** Newest first, as DescribeStackEvents answers. */
  events: { logicalId: string; type: string; status: string; reason?: string }[];
  /** The statuses the next reads will see, one per read. */
  pending: string[];
  changeSets: Map<string, { id: string; type: string; status: string; pending: string[]; template: string; parameters: Record<string, string>; reason?: string }>;
}

const namespace = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/**
 * The stack's outputs: those the S3 website sample template declares, with values made up from the
 * stack's name as CloudFormation would name its bucket; none for templates without them.
 */
export function fakeOutputs(stack: FakeStack): Record<string, string> {
  if (!stack.template.includes('S3BucketSecureURL')) return {};
  const bucket = `${stack.name}-s3bucket-1a2b3c4d5e6f`;
  return { WebsiteURL: `http://${bucket}.s3-website-us-east-1.amazonaws.com`, S3BucketSecureURL: `https://${bucket}.s3.amazonaws.com` };
}

export async function startFakeCloudFormation(): Promise<FakeCloudFormation> {
  const stacks = new Map<string, FakeStack>();
  const failures = new Map<string, ResourceFailure>();
  const byIdOrName = (value: string | null): FakeStack | undefined => [...stacks.values()].find((stack) => stack.id === value || (stack.name === value && stack.status !== 'DELETE_COMPLETE'));

  function begin(stack: FakeStack, operation: 'CREATE' | 'UPDATE' | 'DELETE'): void {
    const failure = failures.get(stack.name);
    failures.delete(stack.name);
    stack.status = `${operation}_IN_PROGRESS`;
    stack.events.unshift({ logicalId: stack.name, type: 'AWS::CloudFormation::Stack', status: stack.status, reason: 'User Initiated' });
    if (failure === undefined || operation === 'DELETE') {
      stack.pending = [`${operation}_COMPLETE`];
      return;
    }
    stack.events.unshift({ logicalId: failure.logicalId, type: failure.type, status: `${operation}_IN_PROGRESS` });
    stack.events.unshift({ logicalId: failure.logicalId, type: failure.type, status: `${operation}_FAILED`, reason: failure.reason });
    stack.pending = operation === 'CREATE' ? ['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE'] : ['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE'];
  }

  function advance(stack: FakeStack): void {
    const next = stack.pending.shift();
    if (next === undefined) return;
    stack.status = next;
    stack.events.unshift({ logicalId: stack.name, type: 'AWS::CloudFormation::Stack', status: next });
  }

  const handlers: Record<string, (form: URLSearchParams) => AwsReply> = {
    DescribeStacks(form) {
      const stack = byIdOrName(form.get('StackName'));
      if (stack === undefined) return error('ValidationError', `Stack with id ${form.get('StackName')} does not exist`);
      const body = result('DescribeStacks', `<Stacks><member>${stackXml(stack)}</member></Stacks>`);
      advance(stack);
      return body;
    },
    CreateStack(form) {
      const name = form.get('StackName') ?? '';
      const existing = byIdOrName(name);
      if (existing !== undefined && existing.status !== 'REVIEW_IN_PROGRESS') return error('AlreadyExistsException', `Stack [${name}] already exists`);
      const request = stackRequest(form);
      const undeclared = Object.keys(request.parameters).filter((key) => !request.template.includes(key));
      if (undeclared.length > 0) return error('ValidationError', `Parameters: [${undeclared.join(', ')}] do not exist in the template`);
      const stack: FakeStack = {
        id: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/${randomUUID()}`,
        name,
        status: 'CREATE_IN_PROGRESS',
        events: [],
        pending: [],
        changeSets: new Map(),
        ...request,
      };
      stacks.set(stack.id, stack);
      begin(stack, 'CREATE');
      return result('CreateStack', `<StackId>${xml(stack.id)}</StackId>`);
    },
    UpdateStack(form) {
      const stack = byIdOrName(form.get('StackName'));
      if (stack === undefined) return error('ValidationError', `Stack with id ${form.get('StackName')} does not exist`);
      if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(stack.status)) {
        return error('ValidationError', `Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
      }
      const request = stackRequest(form);
      if (request.template === stack.template && JSON.stringify(request.parameters) === JSON.stringify(stack.parameters)) return error('ValidationError', 'No updates are to be performed.');
      Object.assign(stack, request);
      begin(stack, 'UPDATE');
      return result('UpdateStack', `<StackId>${xml(stack.id)}</StackId>`);
    },
    DeleteStack(form) {
      const stack = byIdOrName(form.get('StackName'));
      if (stack !== undefined) begin(stack, 'DELETE');
      return result('DeleteStack', '');
    },
    DescribeStackEvents(form) {
      const stack = byIdOrName(form.get('StackName'));
      if (stack === undefined) return error('ValidationError', `Stack [${form.get('StackName')}] does not exist`);
      const members = stack.events
        .map(
          (event, index) =>
            `<member><EventId>${index}</EventId><StackId>${xml(stack.id)}</StackId><StackName>${xml(stack.name)}</StackName><LogicalResourceId>${xml(event.logicalId)}</LogicalResourceId>` +
            `<ResourceType>${xml(event.type)}</ResourceType><Timestamp>2026-12-07T13:00:00.000Z</Timestamp><ResourceStatus>${event.status}</ResourceStatus>` +
            (event.reason !== undefined ? `<ResourceStatusReason>${xml(event.reason)}</ResourceStatusReason>` : '') +
            `</member>`,
        )
        .join('');
      return result('DescribeStackEvents', `<StackEvents>${members}</StackEvents>`);
    },
    CreateChangeSet(form) {
      const name = form.get('StackName') ?? '';
      const changeSetName = form.get('ChangeSetName') ?? '';
      const type = form.get('ChangeSetType') ?? 'UPDATE';
      let stack = byIdOrName(name);
      if (type === 'CREATE' && stack !== undefined && stack.status !== 'REVIEW_IN_PROGRESS') return error('ValidationError', `Stack [${name}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
      if (type === 'UPDATE' && stack === undefined) return error('ValidationError', `Stack [${name}] does not exist`);
      const request = stackRequest(form);
      if (stack === undefined) {
        stack = { id: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/${randomUUID()}`, name, status: 'REVIEW_IN_PROGRESS', events: [], pending: [], changeSets: new Map(), ...request, template: '', parameters: {} };
        stacks.set(stack.id, stack);
      }
      if (stack.changeSets.has(changeSetName)) return error('AlreadyExistsException', `ChangeSet ${changeSetName} already exists`);
      const unchanged = request.template === stack.template && JSON.stringify(request.parameters) === JSON.stringify(stack.parameters);
      const id = `arn:aws:cloudformation:us-east-1:123456789012:changeSet/${changeSetName}/${randomUUID()}`;
      stack.changeSets.set(changeSetName, {
        id,
        type,
        status: 'CREATE_PENDING',
        pending: unchanged ? ['CREATE_IN_PROGRESS', 'FAILED'] : ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
        template: request.template,
        parameters: request.parameters,
        ...(unchanged ? { reason: "The submitted information didn't contain changes. Submit different information to create a change set." } : {}),
      });
      return result('CreateChangeSet', `<Id>${xml(id)}</Id><StackId>${xml(stack.id)}</StackId>`);
    },
    DescribeChangeSet(form) {
      const found = findChangeSet(form);
      if (found === undefined) return error('ChangeSetNotFound', `ChangeSet [${form.get('ChangeSetName')}] does not exist`, 404);
      const [stack, name, changeSet] = found;
      const body = result(
        'DescribeChangeSet',
        `<ChangeSetName>${xml(name)}</ChangeSetName><ChangeSetId>${xml(changeSet.id)}</ChangeSetId><StackId>${xml(stack.id)}</StackId><StackName>${xml(stack.name)}</StackName>` +
          `<Status>${changeSet.status}</Status>${changeSet.status === 'FAILED' ? `<StatusReason>${xml(changeSet.reason ?? '')}</StatusReason>` : ''}` +
          `<Changes><member><Type>Resource</Type><ResourceChange><Action>${changeSet.type === 'CREATE' ? 'Add' : 'Modify'}</Action><LogicalResourceId>S3Bucket</LogicalResourceId><ResourceType>AWS::S3::Bucket</ResourceType></ResourceChange></member></Changes>`,
      );
      const next = changeSet.pending.shift();
      if (next !== undefined) changeSet.status = next;
      return body;
    },
    DeleteChangeSet(form) {
      const found = findChangeSet(form);
      if (found === undefined) return error('ChangeSetNotFound', `ChangeSet [${form.get('ChangeSetName')}] does not exist`, 404);
      found[0].changeSets.delete(found[1]);
      return result('DeleteChangeSet', '');
    },
    ExecuteChangeSet(form) {
      const found = findChangeSet(form);
      if (found === undefined) return error('ChangeSetNotFound', `ChangeSet [${form.get('ChangeSetName')}] does not exist`, 404);
      const [stack, name, changeSet] = found;
      if (changeSet.status !== 'CREATE_COMPLETE') return error('InvalidChangeSetStatus', `ChangeSet [${changeSet.id}] cannot be executed in its current status of [${changeSet.status}]`);
      stack.changeSets.clear();
      stack.template = changeSet.template;
      stack.parameters = changeSet.parameters;
      begin(stack, changeSet.type === 'CREATE' ? 'CREATE' : 'UPDATE');
      void name;
      return result('ExecuteChangeSet', '');
    },
  };

  function findChangeSet(form: URLSearchParams) {
    const changeSetName = form.get('ChangeSetName') ?? '';
    for (const stack of stacks.values()) {
      if (form.get('StackName') !== null && stack.name !== form.get('StackName') && stack.id !== form.get('StackName')) continue;
      for (const [name, changeSet] of stack.changeSets) if (name === changeSetName || changeSet.id === changeSetName) return [stack, name, changeSet] as const;
    }
    return undefined;
  }

  const endpoint = await startAwsEndpoint((request) => {
    const action = request.form?.get('Action') ?? '';
    // A stack this caller may not touch, worded as IAM words it.
    if (request.form?.get('StackName') === 'forbidden') {
      return error(
        'AccessDenied',
        `User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: cloudformation:${action} on resource: arn:aws:cloudformation:us-east-1:123456789012:stack/forbidden/* because no identity-based policy allows the cloudformation:${action} action`,
        403,
      );
    }
    const handler = handlers[action];
    if (handler === undefined || request.form === undefined) return error('InvalidAction', `Could not find operation ${action} for version 2010-05-15`);
    return handler(request.form);
  });
  return {
    ...endpoint,
    stacks,
    failNext: (stackName, failure) => failures.set(stackName, failure),
    actions: () => endpoint.requests.map((request) => request.form?.get('Action') ?? ''),
  };
}

function stackRequest(form: URLSearchParams): Pick<FakeStack, 'template' | 'parameters' | 'tags' | 'capabilities' | 'roleArn' | 'stackPolicy'> {
  const members = (prefix: string, key: string, value: string): Record<string, string> => {
    const found: Record<string, string> = {};
    for (let index = 1; form.has(`${prefix}.member.${index}.${key}`); index++) found[form.get(`${prefix}.member.${index}.${key}`)!] = form.get(`${prefix}.member.${index}.${value}`) ?? '';
    return found;
  };
  const capabilities: string[] = [];
  for (let index = 1; form.has(`Capabilities.member.${index}`); index++) capabilities.push(form.get(`Capabilities.member.${index}`)!);
  const roleArn = form.get('RoleARN');
  const stackPolicy = form.get('StackPolicyBody');
  return {
    template: form.get('TemplateBody') ?? (form.has('TemplateURL') ? `TemplateURL ${form.get('TemplateURL')}` : ''),
    parameters: members('Parameters', 'ParameterKey', 'ParameterValue'),
    tags: members('Tags', 'Key', 'Value'),
    capabilities,
    ...(roleArn !== null ? { roleArn } : {}),
    ...(stackPolicy !== null ? { stackPolicy } : {}),
  };
}

function stackXml(stack: FakeStack): string {
  const complete = stack.status === 'CREATE_COMPLETE' || stack.status === 'UPDATE_COMPLETE';
  const outputs = complete
    ? `<Outputs>${Object.entries(fakeOutputs(stack))
        .map(([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${xml(value)}</OutputValue></member>`)
        .join('')}</Outputs>`
    : '';
  return (
    `<StackId>${xml(stack.id)}</StackId><StackName>${xml(stack.name)}</StackName><CreationTime>2026-12-07T13:00:00.000Z</CreationTime>` +
    `<StackStatus>${stack.status}</StackStatus>${outputs}`
  );
}

function result(action: string, inner: string): AwsReply {
  return {
    status: 200,
    contentType: 'text/xml',
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function error(code: string, message: string, status = 400): AwsReply {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}
