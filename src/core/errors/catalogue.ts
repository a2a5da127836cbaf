/**
 * The one catalogue of errors Pipewright answers with. Each entry is a CodePipeline exception (or an
 * AWS JSON protocol error) with its HTTP status and what it means. Messages are written where the error
 * is raised, because only that place knows what was wrong and where; the meaning here is the fallback
 * and the documentation. `errors.catalogue.test.ts` keeps this list in step with AWS's service model.
 */
export const errorCatalogue = {
  // Exceptions of the CodePipeline service model (all HTTP 400).
  ActionExecutionNotFoundException: { status: 400, meaning: 'The action execution was not found.' },
  ActionNotFoundException: { status: 400, meaning: 'The specified action cannot be found.' },
  ActionTypeAlreadyExistsException: { status: 400, meaning: 'The specified action type already exists with a different definition.' },
  ActionTypeNotFoundException: { status: 400, meaning: 'The specified action type cannot be found.' },
  ApprovalAlreadyCompletedException: { status: 400, meaning: 'The approval action has already been approved or rejected.' },
  ConcurrentModificationException: { status: 400, meaning: 'Unable to modify the resource due to a simultaneous update request.' },
  ConcurrentPipelineExecutionsLimitExceededException: { status: 400, meaning: 'The pipeline has reached the limit for concurrent pipeline executions.' },
  ConditionNotOverridableException: { status: 400, meaning: 'Unable to override because the condition does not allow overrides.' },
  ConflictException: { status: 400, meaning: 'The pipeline is busy handling ongoing activities. Try again later.' },
  DuplicatedStopRequestException: { status: 400, meaning: 'The pipeline execution is already in a Stopping state.' },
  InvalidActionDeclarationException: { status: 400, meaning: 'The action declaration was specified in an invalid format.' },
  InvalidApprovalTokenException: { status: 400, meaning: 'The approval request already received a response or has expired.' },
  InvalidArnException: { status: 400, meaning: 'The specified resource ARN is invalid.' },
  InvalidBlockerDeclarationException: { status: 400, meaning: 'Reserved for future use.' },
  InvalidClientTokenException: { status: 400, meaning: 'The client token was specified in an invalid format.' },
  InvalidJobException: { status: 400, meaning: 'The job was specified in an invalid format or cannot be found.' },
  InvalidJobStateException: { status: 400, meaning: 'The job state was specified in an invalid format.' },
  InvalidNextTokenException: { status: 400, meaning: 'The next token was specified in an invalid format.' },
  InvalidNonceException: { status: 400, meaning: 'The nonce was specified in an invalid format.' },
  InvalidStageDeclarationException: { status: 400, meaning: 'The stage declaration was specified in an invalid format.' },
  InvalidStructureException: { status: 400, meaning: 'The structure was specified in an invalid format.' },
  InvalidTagsException: { status: 400, meaning: 'The specified resource tags are invalid.' },
  InvalidWebhookAuthenticationParametersException: { status: 400, meaning: 'The specified authentication type is in an invalid format.' },
  InvalidWebhookFilterPatternException: { status: 400, meaning: 'The specified event filter rule is in an invalid format.' },
  JobNotFoundException: { status: 400, meaning: 'The job was specified in an invalid format or cannot be found.' },
  LimitExceededException: { status: 400, meaning: 'A limit of the account or of the resource was exceeded.' },
  NotLatestPipelineExecutionException: { status: 400, meaning: 'The stage has failed in a later run of the pipeline; the pipelineExecutionId is out of date.' },
  OutputVariablesSizeExceededException: { status: 400, meaning: 'Exceeded the total size limit for all variables in the pipeline.' },
  PipelineExecutionNotFoundException: { status: 400, meaning: 'The pipeline execution cannot be found, or does not belong to the specified pipeline.' },
  PipelineExecutionNotStoppableException: { status: 400, meaning: 'Unable to stop the pipeline execution.' },
  PipelineExecutionOutdatedException: { status: 400, meaning: 'The pipeline execution is outdated and cannot be used as a rollback target.' },
  PipelineNameInUseException: { status: 400, meaning: 'The specified pipeline name is already in use.' },
  PipelineNotFoundException: { status: 400, meaning: 'The pipeline was specified in an invalid format or cannot be found.' },
  PipelineVersionNotFoundException: { status: 400, meaning: 'The pipeline version was specified in an invalid format or cannot be found.' },
  RequestFailedException: { status: 400, meaning: 'The request failed because of an unknown error, exception, or failure.' },
  ResourceNotFoundException: { status: 400, meaning: 'The resource was specified in an invalid format or cannot be found.' },
  StageNotFoundException: { status: 400, meaning: 'The stage was specified in an invalid format or cannot be found.' },
  StageNotRetryableException: { status: 400, meaning: 'Unable to retry: the pipeline structure or stage state changed, or the stage contains no failed actions.' },
  TooManyTagsException: { status: 400, meaning: 'The tags limit for a resource has been exceeded.' },
  UnableToRollbackStageException: { status: 400, meaning: 'Unable to roll back the stage.' },
  ValidationException: { status: 400, meaning: 'The input fails to satisfy the constraints of the operation.' },
  WebhookNotFoundException: { status: 400, meaning: 'The specified webhook cannot be found.' },

  // Exceptions of SSM Parameter Store (AWS's ssm model; all HTTP 400).
  ParameterNotFound: { status: 400, meaning: 'The parameter could not be found. Verify the name and try again.' },
  ParameterAlreadyExists: { status: 400, meaning: 'The parameter already exists. You can have a maximum of 100 parameter versions.' },
  ParameterVersionNotFound: { status: 400, meaning: 'The specified parameter version was not found.' },
  HierarchyLevelLimitExceededException: { status: 400, meaning: 'A hierarchy can have a maximum of 15 levels.' },
  InvalidNextToken: { status: 400, meaning: 'The specified token isn\'t valid.' },
  InvalidFilterKey: { status: 400, meaning: 'The specified key isn\'t valid.' },
  UnsupportedParameterType: { status: 400, meaning: 'The parameter type isn\'t supported.' },

  // Exceptions of Secrets Manager (AWS's secretsmanager model; all HTTP 400).
  ResourceExistsException: { status: 400, meaning: 'A resource with the ID you requested already exists.' },
  InvalidRequestException: { status: 400, meaning: 'A parameter value is not valid for the current state of the resource.' },
  InvalidParameterException: { status: 400, meaning: 'The parameter name or value is invalid.' },

  // Errors of the AWS JSON 1.1 protocol itself, as any AWS JSON endpoint answers them.
  SerializationException: { status: 400, meaning: 'The request body is not valid JSON or a value has the wrong type.' },
  UnknownOperationException: { status: 400, meaning: 'The X-Amz-Target header names no operation of this service.' },
  InternalFailure: { status: 500, meaning: 'Pipewright failed on its own fault; the request may be retried.' },

  // Authentication and authorization, as AWS's JSON endpoints answer them (Common Errors; --auth iam).
  MissingAuthenticationTokenException: { status: 403, meaning: 'The request is not signed (no SigV4 signature and no console session).' },
  IncompleteSignatureException: { status: 400, meaning: 'The request signature does not conform to AWS standards.' },
  UnrecognizedClientException: { status: 403, meaning: 'The access key id is not one this server knows, or it is inactive.' },
  InvalidSignatureException: { status: 403, meaning: 'The signature does not match, or its date is more than 5 minutes away.' },
  // Refusals at the door (src/api/http/guards), with the names and statuses of AWS's common errors.
  AccessDeniedException: { status: 403, meaning: 'You do not have sufficient access to perform this action (a guard at the door, or no identity policy allows the action).' },
  MalformedHttpRequestException: { status: 400, meaning: 'Problems with the request at the HTTP level.' },
  RequestEntityTooLargeException: { status: 413, meaning: 'Problems with the request at the HTTP level. The request entity is too large.' },
  RequestTimeoutException: { status: 408, meaning: 'Problems with the request at the HTTP level. Reading the request timed out.' },
  ThrottlingException: { status: 400, meaning: 'The request was denied due to request throttling.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
