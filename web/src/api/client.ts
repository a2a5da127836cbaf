import type { ActionReports, LogLine, OperationName, Operations } from './types.js';
import { goToSignIn } from '../sign-in/sign-in-page.js';

const target = 'CodePipeline_20150709';
const userKey = 'pipewright.user';

/** A refusal of the API: CodePipeline's exception name and message, or a network failure. */
export class ApiError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.status = status;
  }
}

/** Who the console acts as: sent with every call, shown as who approved, disabled or stopped. */
export function currentUser(): string {
  return localStorage.getItem(userKey) ?? 'console';
}

export function setCurrentUser(name: string): void {
  localStorage.setItem(userKey, name);
}

/** Calls one operation of the CodePipeline JSON 1.1 API at `POST /`. */
export async function call<K extends OperationName>(operation: K, input: Operations[K][0]): Promise<Operations[K][1]> {
  const response = await fetch('/', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${target}.${operation}`,
      'x-pipewright-user': currentUser(),
    },
    body: JSON.stringify(input),
  });
  return (await readJson(response)) as Operations[K][1];
}

/** GETs one of Pipewright's own `/api/…` routes. */
export async function getApi<T>(path: string): Promise<T> {
  return (await readJson(await fetch(path, { headers: { accept: 'application/json' } }))) as T;
}

export function readLog(actionExecutionId: string, afterLine: number, limit = 5000): Promise<{ lines: LogLine[]; complete: boolean }> {
  return getApi(`/api/logs/${encodeURIComponent(actionExecutionId)}?afterLine=${afterLine}&limit=${limit}`);
}

export function readReports(pipelineName: string, executionId: string): Promise<{ reports: ActionReports[] }> {
  return getApi(`/api/executions/${encodeURIComponent(pipelineName)}/${encodeURIComponent(executionId)}/reports`);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown = {};
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('InternalFailure', `The server answered ${response.status} with something that is not JSON.`, response.status);
  }
  if (!response.ok) {
    const error = body as { __type?: string; message?: string };
    const type = (error.__type ?? 'Error').split('#').at(-1) ?? 'Error';
    // A server in iam mode and no session (or one that ended): sign in, then come back.
    if (type === 'MissingAuthenticationTokenException') goToSignIn();
    throw new ApiError(type, error.message ?? `The server answered ${response.status}.`, response.status);
  }
  return body;
}

/** Every page of a paginated listing, up to `max` items. */
export async function allPages<T>(fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>, max: number): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token !== undefined && items.length < max);
  return items.slice(0, max);
}
