/**
 * IAM's errors (IAM API reference, each action's Errors and Common Errors): the code, the HTTP status
 * and whether the sender or the service is at fault. Messages are written where the error is raised,
 * in IAM's words ("The user with name bob cannot be found.").
 */
export const iamErrorCatalogue = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  ValidationError: 400,
  InvalidInput: 400,
  InvalidAction: 400,
  MissingAction: 400,
  AccessDenied: 403,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  ServiceFailure: 500,
} as const satisfies Record<string, number>;

export type IamErrorCode = keyof typeof iamErrorCatalogue;

export class IamError extends Error {
  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IamError';
  }

  get status(): number {
    return iamErrorCatalogue[this.code];
  }
}
