/**
 * An S3 error as S3 answers it: an XML document whose Code the SDKs turn into the exception name
 * (NoSuchKey, AccessDenied, InvalidArgument…), with the HTTP status that goes with it.
 */
export interface S3Error {
  status: number;
  code:
    | 'NoSuchKey'
    | 'NoSuchBucket'
    | 'AccessDenied'
    | 'InvalidArgument'
    | 'MethodNotAllowed'
    | 'InternalError'
    | 'InvalidAccessKeyId'
    | 'SignatureDoesNotMatch'
    | 'RequestTimeTooSkewed';
  message: string;
}

export function s3ErrorXml(error: S3Error, resource: string, requestId: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`,
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
