import type { JsonService } from '../json-service.js';
import { deleteParameter, deleteParameters } from './delete-parameters.js';
import { describeParameters } from './describe-parameters.js';
import { getParameterHistory } from './get-parameter-history.js';
import { getParameter, getParameters } from './get-parameters.js';
import { getParametersByPath } from './get-parameters-by-path.js';
import { putParameter } from './put-parameter.js';

/** SSM Parameter Store (`X-Amz-Target: AmazonSSM.<Operation>`) over Pipewright's parameter store. */
export const ssmService: JsonService = {
  signingName: 'ssm',
  operations: {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: getParametersByPath,
    DeleteParameter: deleteParameter,
    DeleteParameters: deleteParameters,
    DescribeParameters: describeParameters,
    GetParameterHistory: getParameterHistory,
  },
  reads: new Set(['GetParameter', 'GetParameters', 'GetParametersByPath', 'DescribeParameters', 'GetParameterHistory']),
};
