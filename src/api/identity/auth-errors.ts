import type { AuthFailureReason } from './authentication-failure.js';

/**
 * How each protocol words an authentication failure, as AWS's endpoints answer:
 * - JSON 1.1 services (CodePipeline): `{"__type":"UnrecognizedClientException","message":"The security token
 *   included in the request is invalid."}`; wrong signature: InvalidSignatureException "The request signature
 *   we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing
 *   method. Consult the service documentation for details." (github.com/smithy545/aws-apps-scripts/issues/12);
 *   skew: "Signature expired: 20151120T200815Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.)"
 *   (github.com/remind101/logspout-kinesis/issues/21, github.com/aws/aws-sdk-js/issues/254).
 * - Query services (IAM, STS): MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch,
 *   IncompleteSignature (IAM API reference, Common Errors; HTTP 403 but IncompleteSignature 400).
 * The message of a failure (`AuthenticationFailure.message`) is used as written where it is specific.
 */
export const jsonAuthErrors: Record<AuthFailureReason, { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationTokenException', status: 403 },
  incomplete: { code: 'IncompleteSignatureException', status: 400 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 403 },
  'bad-signature': { code: 'InvalidSignatureException', status: 403 },
  expired: { code: 'InvalidSignatureException', status: 403 },
};

export const queryAuthErrors: Record<AuthFailureReason, { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  incomplete: { code: 'IncompleteSignature', status: 400 },
  'unknown-key': { code: 'InvalidClientTokenId', status: 403 },
  'bad-signature': { code: 'SignatureDoesNotMatch', status: 403 },
  expired: { code: 'SignatureDoesNotMatch', status: 403 },
};

export const authMessages = {
  missing: 'Request is missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  badSignature:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const;
