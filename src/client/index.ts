// The typed client of a Pipewright server: the AWS SDK for CodePipeline's API, and Pipewright's own `/api/…` routes.
export { connectionFromEnvironment, defaultEndpoint, urlOf, type Connection } from './connection.js';
export { ServerRefusedError, ServerUnreachableError, isUnreachable } from './client-errors.js';
export { call, codePipelineClient, withoutMetadata } from './codepipeline-client.js';
export { apiFetch, apiJson } from './api-fetch.js';
export { openEventStream, type ServerSentEvent } from './server-sent-events.js';
export { pipelineEvents, type PipelineEvent } from './pipeline-events.js';
export { followLog, readLog, readLogPage, type LogLine, type LogPage } from './action-logs.js';
export { createRepository, listRepositories, type HostedRepository } from './repositories.js';
