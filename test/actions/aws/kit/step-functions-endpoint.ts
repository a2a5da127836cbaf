import { jsonError, jsonReply, startAwsEndpoint, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/**
 * A small AWS Step Functions on loopback, answering JSON 1.0 (`X-Amz-Target: AWSStepFunctions.*`) as the
 * API Reference documents it (StartExecution, DescribeExecution, DescribeStateMachine with its STANDARD or
 * EXPRESS type). It runs Pass, Succeed and Fail states of Amazon States Language
 * definitions; an execution is RUNNING when first described and has ended at the next read.
 */
export interface FakeStepFunctions extends AwsEndpoint {
  createStateMachine(name: string, definition: string, type?: 'STANDARD' | 'EXPRESS'): string;
  executions: Map<string, FakeExecution>;
}

export interface FakeExecution {
  name: string;
  stateMachineArn: string;
  input: string;
  reads: number;
  final: { status: 'SUCCEEDED'; output: string } | { status: 'FAILED'; error: string; cause: string };
}

interface State {
  Type: string;
  Result?: unknown;
  Next?: string;
  End?: boolean;
  Error?: string;
  Cause?: string;
}

function run(definition: { StartAt: string; States: Record<string, State> }, input: unknown): FakeExecution['final'] {
  let name: string | undefined = definition.StartAt;
  let data = input;
  while (name !== undefined) {
    const state: State | undefined = definition.States[name];
    if (state === undefined) throw new Error(`No state ${name}`);
    if (state.Type === 'Fail') return { status: 'FAILED', error: state.Error ?? '', cause: state.Cause ?? '' };
    if (state.Type === 'Pass' && 'Result' in state) data = state.Result;
    if (state.Type === 'Succeed' || state.End === true) break;
    name = state.Next;
  }
  return { status: 'SUCCEEDED', output: JSON.stringify(data) };
}

export async function startFakeStepFunctions(): Promise<FakeStepFunctions> {
  const machines = new Map<string, string>();
  const types = new Map<string, 'STANDARD' | 'EXPRESS'>();
  const executions = new Map<string, FakeExecution>();
  const handlers: Record<string, (body: Record<string, unknown>) => AwsReply> = {
    StartExecution(body) {
      const stateMachineArn = String(body.stateMachineArn);
      const definition = machines.get(stateMachineArn);
      if (definition === undefined) return jsonError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`, '1.0');
      const name = String(body.name);
      // Express executions have ARNs of their own kind (…:express:<machine>:<name>:<id>), which DescribeExecution does not take.
      const executionArn =
        types.get(stateMachineArn) === 'EXPRESS' ? `${stateMachineArn.replace(':stateMachine:', ':express:')}:${name}:${executions.size + 1}` : `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      if (executions.has(executionArn)) return jsonError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`, '1.0');
      const input = typeof body.input === 'string' ? body.input : '{}';
      executions.set(executionArn, { name, stateMachineArn, input, reads: 0, final: run(JSON.parse(definition) as never, JSON.parse(input)) });
      return jsonReply({ executionArn, startDate: 1796648400 }, '1.0');
    },
    DescribeStateMachine(body) {
      const stateMachineArn = String(body.stateMachineArn);
      const definition = machines.get(stateMachineArn);
      if (definition === undefined) return jsonError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`, '1.0');
      const name = stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);
      return jsonReply({ stateMachineArn, name, status: 'ACTIVE', definition, roleArn: 'arn:aws:iam::123456789012:role/StepFunctionsRole', type: types.get(stateMachineArn), creationDate: 1796648400 }, '1.0');
    },
    DescribeExecution(body) {
      const executionArn = String(body.executionArn);
      const execution = executions.get(executionArn);
      if (executionArn.includes(':express:')) return jsonError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: express'`, '1.0');
      if (execution === undefined) return jsonError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`, '1.0');
      execution.reads += 1;
      const common = { executionArn, stateMachineArn: execution.stateMachineArn, name: execution.name, input: execution.input, startDate: 1796648400 };
      if (execution.reads === 1) return jsonReply({ ...common, status: 'RUNNING' }, '1.0');
      return jsonReply({ ...common, ...execution.final, stopDate: 1796648401 }, '1.0');
    },
  };
  const endpoint = await startAwsEndpoint((request) => {
    const handler = handlers[request.target ?? ''];
    if (handler === undefined) return jsonError('UnknownOperationException', `Unknown operation ${request.target}`, '1.0');
    return handler(JSON.parse(request.body || '{}') as Record<string, unknown>);
  });
  return {
    ...endpoint,
    executions,
    createStateMachine(name, definition, type = 'STANDARD') {
      const arn = `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
      machines.set(arn, definition);
      types.set(arn, type);
      return arn;
    },
  };
}
