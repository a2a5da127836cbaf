/**
 * The program that runs one invocation of a local function, in a process of its own (`node runner.mjs
 * <module> <export> <event.json>`), as Lambda's Node.js runtime does: it imports the module, calls the
 * handler with the event and a context like Lambda's, waits for its promise (or its callback, for a
 * handler declared with three parameters), then exits: 0 when the handler returned, 1 when it threw
 * (the error logged as Lambda logs it). Context values come from the environment the provider sets.
 *
 * Kept as text because the worker writes it into the job's workspace: it runs the same from the
 * sources and from the build, with no loader.
 */
export const runnerSource = String.raw`
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, eventPath] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const deadline = Number(process.env.PIPEWRIGHT_FUNCTION_DEADLINE);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: process.env.PIPEWRIGHT_INVOKED_FUNCTION_ARN,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: process.env.PIPEWRIGHT_REQUEST_ID,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

function invokeError(error) {
  const failure = error instanceof Error
    ? { errorType: error.name, errorMessage: error.message, stack: String(error.stack ?? '').split('\n') }
    : { errorType: typeof error, errorMessage: String(error) };
  process.stderr.write('ERROR\tInvoke Error\t' + JSON.stringify(failure) + '\n');
  process.exit(1);
}

let loaded;
try {
  loaded = await import(pathToFileURL(modulePath).href);
} catch (error) {
  invokeError(error);
}
const handler = loaded[exportName] ?? loaded.default?.[exportName];
if (typeof handler !== 'function') {
  invokeError(new Error(modulePath + ' does not export a function ' + exportName));
}
try {
  if (handler.length >= 3) {
    await new Promise((resolve, reject) => {
      const outcome = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (outcome && typeof outcome.then === 'function') outcome.then(resolve, reject);
    });
  } else {
    await handler(event, context);
  }
} catch (error) {
  invokeError(error);
}
process.exit(0);
`;
