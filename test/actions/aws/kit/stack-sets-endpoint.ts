import { randomUUID } from 'node:crypto';
import { startAwsEndpoint, xml, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/**
 * CloudFormation StackSets on loopback, answering the query protocol (form-encoded `Action=…`, XML in the
 * 2010-05-15 namespace, `<ErrorResponse>` errors) as the CloudFormation API Reference documents
 * CreateStackSet, UpdateStackSet, DescribeStackSet, CreateStackInstances, UpdateStackInstances,
 * ListStackInstances, DescribeStackSetOperation and ListStackSetOperationResults. An operation is RUNNING
 * at its first DescribeStackSetOperation and has ended at the next, so a test never depends on time.
 * Like CloudFormation, UpdateStackSet and UpdateStackInstances refuse targets without an instance.
 */
export interface FakeStackSets extends AwsEndpoint {
  stackSets: Map<string, FakeStackSet>;
  operations: Map<string, FakeOperation>;
  /** The next operation that reaches `account` fails there with CloudFormation's `reason`. */
  failNext(account: string, reason: string): void;
  actions(): string[];
}

export interface FakeStackSet {
  id: string;
  name: string;
  template: string;
  description?: string;
  permissionModel: string;
  parameters: Record<string, string>;
  capabilities: string[];
  administrationRoleArn?: string;
  executionRoleName?: string;
  autoDeployment?: string;
  /** By `<account or OU> <region>`, with the parameter overrides of each. */
  instances: Map<string, { target: string; region: string; status: 'CURRENT' | 'OUTDATED'; overrides: Record<string, string> }>;
}

export interface FakeOperation {
  id: string;
  stackSetName: string;
  action: 'CREATE' | 'UPDATE';
  request: string;
  targets: string[];
  regions: string[];
  preferences: Record<string, string>;
  reads: number;
  results: { target: string; region: string; status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; reason?: string }[];
}

const namespace = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export async function startFakeStackSets(): Promise<FakeStackSets> {
  const stackSets = new Map<string, FakeStackSet>();
  const operations = new Map<string, FakeOperation>();
  const failures = new Map<string, string>();
  const find = (form: URLSearchParams) => {
    const name = form.get('StackSetName') ?? '';
    return [...stackSets.values()].find((stackSet) => stackSet.name === name || stackSet.id === name);
  };
  const notFound = (form: URLSearchParams) => error('StackSetNotFoundException', `StackSet ${form.get('StackSetName') ?? ''} not found`, 404);

  function operate(stackSet: FakeStackSet, action: FakeOperation['action'], request: string, form: URLSearchParams, overrides: Record<string, string> | undefined): FakeOperation {
    const targets = [...list(form, 'Accounts'), ...list(form, 'DeploymentTargets.OrganizationalUnitIds')];
    const regions = list(form, 'Regions');
    const results: FakeOperation['results'] = [];
    for (const target of targets) {
      for (const where of regions) {
        const reason = failures.get(target);
        if (reason !== undefined) {
          results.push({ target, region: where, status: 'FAILED', reason });
          continue;
        }
        const key = `${target} ${where}`;
        const instance = stackSet.instances.get(key) ?? { target, region: where, status: 'CURRENT' as const, overrides: {} };
        stackSet.instances.set(key, { ...instance, status: 'CURRENT', overrides: overrides ?? instance.overrides });
        results.push({ target, region: where, status: 'SUCCEEDED' });
      }
    }
    for (const target of targets) failures.delete(target);
    const preferences: Record<string, string> = {};
    for (const [key, value] of form) if (key.startsWith('OperationPreferences.')) preferences[key.slice('OperationPreferences.'.length)] = value;
    const operation: FakeOperation = { id: randomUUID(), stackSetName: stackSet.name, action, request, targets, regions, preferences, reads: 0, results };
    operations.set(operation.id, operation);
    return operation;
  }

  function missingInstance(stackSet: FakeStackSet, form: URLSearchParams): AwsReply | undefined {
    for (const target of [...list(form, 'Accounts'), ...list(form, 'DeploymentTargets.OrganizationalUnitIds')]) {
      for (const where of list(form, 'Regions')) {
        if (!stackSet.instances.has(`${target} ${where}`)) return error('StackInstanceNotFoundException', `StackInstance ${target}/${where} of StackSet ${stackSet.name} not found`, 404);
      }
    }
    return undefined;
  }

  function define(stackSet: FakeStackSet, form: URLSearchParams): void {
    stackSet.template = form.get('TemplateBody') ?? (form.has('TemplateURL') ? `TemplateURL ${form.get('TemplateURL')}` : stackSet.template);
    if (form.has('Parameters.member.1.ParameterKey')) stackSet.parameters = members(form, 'Parameters');
    stackSet.capabilities = list(form, 'Capabilities');
    for (const [field, setting] of [['description', 'Description'], ['administrationRoleArn', 'AdministrationRoleARN'], ['executionRoleName', 'ExecutionRoleName'], ['permissionModel', 'PermissionModel']] as const) {
      const value = form.get(setting);
      if (value !== null) stackSet[field] = value;
    }
    if (form.has('AutoDeployment.Enabled')) stackSet.autoDeployment = `Enabled=${form.get('AutoDeployment.Enabled')},Retain=${form.get('AutoDeployment.RetainStacksOnAccountRemoval') ?? ''}`;
    // A new template or new parameters leave every instance OUTDATED until an operation reaches it.
    for (const instance of stackSet.instances.values()) instance.status = 'OUTDATED';
  }

  const handlers: Record<string, (form: URLSearchParams) => AwsReply> = {
    CreateStackSet(form) {
      const name = form.get('StackSetName') ?? '';
      if (stackSets.has(name)) return error('NameAlreadyExistsException', `StackSet ${name} already exists`);
      const stackSet: FakeStackSet = { id: `${name}:${randomUUID()}`, name, template: '', permissionModel: 'SELF_MANAGED', parameters: {}, capabilities: [], instances: new Map() };
      define(stackSet, form);
      stackSets.set(name, stackSet);
      return result('CreateStackSet', `<StackSetId>${xml(stackSet.id)}</StackSetId>`);
    },
    UpdateStackSet(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      const missing = missingInstance(stackSet, form);
      if (missing !== undefined) return missing;
      define(stackSet, form);
      // Without accounts and Regions, UpdateStackSet updates every instance of the stack set.
      if (!form.has('Regions.member.1')) {
        for (const instance of stackSet.instances.values()) {
          form.append(/^\d{12}$/.test(instance.target) ? `Accounts.member.${list(form, 'Accounts').length + 1}` : `DeploymentTargets.OrganizationalUnitIds.member.${list(form, 'DeploymentTargets.OrganizationalUnitIds').length + 1}`, instance.target);
          if (!list(form, 'Regions').includes(instance.region)) form.append(`Regions.member.${list(form, 'Regions').length + 1}`, instance.region);
        }
      }
      return result('UpdateStackSet', `<OperationId>${operate(stackSet, 'UPDATE', 'UpdateStackSet', form, undefined).id}</OperationId>`);
    },
    DescribeStackSet(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      return result(
        'DescribeStackSet',
        `<StackSet><StackSetName>${xml(stackSet.name)}</StackSetName><StackSetId>${xml(stackSet.id)}</StackSetId><Status>ACTIVE</Status>` +
          `<TemplateBody>${xml(stackSet.template)}</TemplateBody><PermissionModel>${stackSet.permissionModel}</PermissionModel></StackSet>`,
      );
    },
    CreateStackInstances(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      return result('CreateStackInstances', `<OperationId>${operate(stackSet, 'CREATE', 'CreateStackInstances', form, members(form, 'ParameterOverrides')).id}</OperationId>`);
    },
    UpdateStackInstances(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      const missing = missingInstance(stackSet, form);
      if (missing !== undefined) return missing;
      return result('UpdateStackInstances', `<OperationId>${operate(stackSet, 'UPDATE', 'UpdateStackInstances', form, members(form, 'ParameterOverrides')).id}</OperationId>`);
    },
    ListStackInstances(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      const summaries = [...stackSet.instances.values()].map(
        (instance) =>
          `<member><StackSetId>${xml(stackSet.id)}</StackSetId><Region>${instance.region}</Region>` +
          (/^\d{12}$/.test(instance.target) ? `<Account>${instance.target}</Account>` : `<OrganizationalUnitId>${instance.target}</OrganizationalUnitId><Account>999999999999</Account>`) +
          `<Status>${instance.status}</Status></member>`,
      );
      return result('ListStackInstances', `<Summaries>${summaries.join('')}</Summaries>`);
    },
    DescribeStackSetOperation(form) {
      const stackSet = find(form);
      if (stackSet === undefined) return notFound(form);
      const operation = operations.get(form.get('OperationId') ?? '');
      if (operation === undefined || operation.stackSetName !== stackSet.name) return error('OperationNotFoundException', `Operation ${form.get('OperationId') ?? ''} not found`, 404);
      operation.reads += 1;
      const failed = operation.results.some((entry) => entry.status === 'FAILED');
      const status = operation.reads === 1 ? 'RUNNING' : failed ? 'FAILED' : 'SUCCEEDED';
      return result(
        'DescribeStackSetOperation',
        `<StackSetOperation><OperationId>${operation.id}</OperationId><StackSetId>${xml(stackSet.id)}</StackSetId><Action>${operation.action}</Action>` +
          `<Status>${status}</Status><CreationTimestamp>2026-12-07T13:00:00.000Z</CreationTimestamp></StackSetOperation>`,
      );
    },
    ListStackSetOperationResults(form) {
      const operation = operations.get(form.get('OperationId') ?? '');
      if (operation === undefined) return error('OperationNotFoundException', `Operation ${form.get('OperationId') ?? ''} not found`, 404);
      const summaries = operation.results.map(
        (entry) =>
          `<member><Account>${entry.target}</Account><Region>${entry.region}</Region><Status>${entry.status}</Status>` +
          `${entry.reason !== undefined ? `<StatusReason>${xml(entry.reason)}</StatusReason>` : ''}<AccountGateResult><Status>SKIPPED</Status></AccountGateResult></member>`,
      );
      return result('ListStackSetOperationResults', `<Summaries>${summaries.join('')}</Summaries>`);
    },
  };
  const endpoint = await startAwsEndpoint((request) => {
    const action = request.form?.get('Action') ?? '';
    const handler = handlers[action];
    if (handler === undefined || request.form === undefined) return error('InvalidAction', `Could not find operation ${action} for version 2010-05-15`);
    return handler(request.form);
  });
  return {
    ...endpoint,
    stackSets,
    operations,
    failNext: (account, reason) => failures.set(account, reason),
    actions: () => endpoint.requests.map((request) => request.form?.get('Action') ?? ''),
  };
}

function list(form: URLSearchParams, prefix: string): string[] {
  const found: string[] = [];
  for (let index = 1; form.has(`${prefix}.member.${index}`); index++) found.push(form.get(`${prefix}.member.${index}`)!);
  return found;
}

function members(form: URLSearchParams, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (let index = 1; form.has(`${prefix}.member.${index}.ParameterKey`); index++) {
    found[form.get(`${prefix}.member.${index}.ParameterKey`)!] = form.get(`${prefix}.member.${index}.ParameterValue`) ?? (form.get(`${prefix}.member.${index}.UsePreviousValue`) === 'true' ? '(previous)' : '');
  }
  return found;
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
