import { startAwsEndpoint, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/** What a function of the fake receives: the invocation's event, as Lambda hands it to the handler. */
export type FakeFunction = (event: Record<string, unknown>) => Promise<void>;

export interface FakeInvocation {
  functionName: string;
  invocationType: string;
  qualifier?: string;
  event: Record<string, unknown>;
}

/**
 * A small AWS Lambda on loopback answering the Invoke operation in Lambda's REST-JSON wire format, as the
 * Lambda API Reference documents it: `POST /2015-03-31/functions/{FunctionName}/invocations`, the
 * invocation type in `X-Amz-Invocation-Type`, 202 with an empty body for `Event` (asynchronous), and
 * errors as `x-amzn-ErrorType` with a JSON body. An asynchronous invocation runs its function after the
 * answer, as Lambda's queue does; `failures` collects what a function threw.
 */
export interface FakeLambda extends AwsEndpoint {
  deploy(name: string, fn: FakeFunction): void;
  invocations: FakeInvocation[];
  failures: unknown[];
}

const accountId = '123456789012';

function lambdaError(status: number, type: string, message: string): AwsReply {
  return { status, contentType: 'application/json', headers: { 'x-amzn-errortype': type }, body: JSON.stringify({ Type: 'User', message }) };
}

/** FunctionName as Invoke accepts it (name, ARN or partial ARN, with a qualifier) down to the name. */
function functionNameOf(value: string): { name: string; qualifier?: string } {
  const parts = value.split(':');
  const at = parts.indexOf('function');
  const name = at >= 0 ? (parts[at + 1] ?? '') : (parts[0] ?? '');
  const qualifier = at >= 0 ? parts[at + 2] : parts[1];
  return { name, ...(qualifier !== undefined ? { qualifier } : {}) };
}

export async function startFakeLambda(region = 'us-east-1'): Promise<FakeLambda> {
  const functions = new Map<string, FakeFunction>();
  const invocations: FakeInvocation[] = [];
  const failures: unknown[] = [];
  const endpoint = await startAwsEndpoint((request) => {
    const url = new URL(request.path, 'http://lambda');
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (request.method !== 'POST' || match?.[1] === undefined) return lambdaError(404, 'UnknownOperationException', `Unknown operation ${request.method} ${url.pathname}`);
    const { name, qualifier } = functionNameOf(decodeURIComponent(match[1]));
    const fn = functions.get(name);
    if (fn === undefined) return lambdaError(404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:${region}:${accountId}:function:${name}`);
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const event = JSON.parse(request.body) as Record<string, unknown>;
    invocations.push({ functionName: name, invocationType, ...(qualifier !== undefined ? { qualifier } : {}), event });
    if (invocationType !== 'Event') return lambdaError(400, 'InvalidParameterValueException', 'This loopback Lambda runs asynchronous (Event) invocations only.');
    setImmediate(() => void fn(event).catch((error: unknown) => failures.push(error)));
    return { status: 202, contentType: 'application/json', body: '' };
  });
  return { ...endpoint, invocations, failures, deploy: (name, fn) => functions.set(name, fn) };
}
