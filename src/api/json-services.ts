import type { JsonService } from './json-service.js';
import { secretsManagerService } from './secrets-manager/index.js';
import { ssmService } from './ssm/index.js';

/** The services besides CodePipeline on the JSON 1.1 endpoint, by their X-Amz-Target prefix. */
export const jsonServices: Readonly<Record<string, JsonService>> = {
  AmazonSSM: ssmService,
  secretsmanager: secretsManagerService,
};
