export { errorCatalogue, type ErrorCode } from './catalogue.js';
export { PipewrightError, isPipewrightError, coerceError } from './pipewright-error.js';
export { awsMessages } from './aws-messages.js';
