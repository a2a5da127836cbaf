import { escapeXml } from './s3-xml.js';

/**
 * An S3 error as S3 answers it: an XML document whose Code the SDKs turn into the exception name
 * (NoSuchKey, AccessDenied, InvalidArgument…), with the HTTP status that goes with it.
 */
export interface S3Error {
  status: number;
  code: S3ErrorCode;
  message: string;
  /** Elements S3 adds beside Code and Message for some errors (Key, BucketName, UploadId…). */
  details?: Record<string, string>;
}

/**
 * S3's codes, statuses and messages, as the Amazon S3 API Reference lists them ("Error responses",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
 */
export const s3Errors = {
  AccessControlListNotSupported: [400, 'The bucket does not allow ACLs'],
  AccessDenied: [403, 'Access Denied'],
  BadDigest: [400, 'The Content-MD5 you specified did not match what we received.'],
  BucketAlreadyOwnedByYou: [409, 'Your previous request to create the named bucket succeeded and you already own it.'],
  BucketNotEmpty: [409, 'The bucket you tried to delete is not empty'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed object size.'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS Access Key Id you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidBucketName: [400, 'The specified bucket is not valid.'],
  InvalidDigest: [400, 'The Content-MD5 you specified is not valid.'],
  InvalidPart: [
    400,
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
  ],
  InvalidPartOrder: [400, 'The list of parts was not in ascending order. The parts list must be specified in order by part number.'],
  InvalidRange: [416, 'The requested range is not satisfiable'],
  InvalidRequest: [400, 'Invalid Request'],
  MalformedXML: [400, 'The XML you provided was not well-formed or did not validate against our published schema.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  NoSuchBucket: [404, 'The specified bucket does not exist'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchVersion: [404, 'The specified version does not exist.'],
  NoSuchUpload: [404, 'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.'],
  NotImplemented: [501, 'A header you provided implies functionality that is not implemented.'],
  PreconditionFailed: [412, 'At least one of the preconditions you specified did not hold.'],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the current time is too large.'],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
} as const satisfies Record<string, readonly [number, string]>;

export type S3ErrorCode = keyof typeof s3Errors;

/** The error S3 answers with for `code`, with its own message unless a more telling one is given. */
export function s3Error(code: S3ErrorCode, message?: string, details?: Record<string, string>): S3Error {
  const [status, standard] = s3Errors[code];
  return { status, code, message: message ?? standard, ...(details !== undefined ? { details } : {}) };
}

/** Thrown by handlers to answer with an S3 error; the route turns it into the XML document. */
export class S3Refusal extends Error {
  constructor(readonly error: S3Error) {
    super(error.message);
    this.name = 'S3Refusal';
  }
}

export function s3ErrorXml(error: S3Error, resource: string, requestId: string): string {
  const details = Object.entries(error.details ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${details}<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`,
  ].join('\n');
}
