import type { Headers } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';

/**
 * The buckets here have ACLs disabled, as a new S3 bucket has (Object Ownership "bucket owner enforced",
 * S3's default): the bucket owner owns every object and policies alone decide access. Such a bucket
 * takes a PUT that names no ACL or one that gives the owner full control, and refuses any other with
 * 400 AccessControlListNotSupported (Amazon S3 User Guide, "Troubleshooting" Object Ownership errors;
 * "Controlling ownership of objects and disabling ACLs for your bucket").
 *
 * | header            | accepted                                   | else                          |
 * |-------------------|--------------------------------------------|-------------------------------|
 * | x-amz-acl         | private, bucket-owner-full-control         | AccessControlListNotSupported |
 * | x-amz-grant-*     | never (grants to other grantees)           | AccessControlListNotSupported |
 */
const ownerOnlyAcls = new Set(['private', 'bucket-owner-full-control']);
const grantHeaders = ['x-amz-grant-full-control', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write', 'x-amz-grant-write-acp'];

/** Refuses the ACL headers of an object PUT (PutObject, CopyObject, CreateMultipartUpload) that a bucket with ACLs disabled refuses. */
export function checkObjectAcl(headers: Headers): void {
  const acl = headers['x-amz-acl'];
  const canned = (Array.isArray(acl) ? acl.join(',') : acl)?.trim();
  if ((canned !== undefined && !ownerOnlyAcls.has(canned)) || grantHeaders.some((name) => headers[name] !== undefined)) {
    throw new S3Refusal(s3Error('AccessControlListNotSupported'));
  }
}

/**
 * Object tags are not kept by this S3 API: a request that sets them is refused in words (NotImplemented)
 * rather than stored without them. CopyObject's default tagging directive (COPY) sets none.
 */
export function checkNoTagging(headers: Headers): void {
  const directive = headers['x-amz-tagging-directive'];
  if (headers['x-amz-tagging'] !== undefined || (directive !== undefined && String(directive).toUpperCase() === 'REPLACE')) {
    throw new S3Refusal(s3Error('NotImplemented', "Object tags (x-amz-tagging) are not kept by Pipewright's S3 API."));
  }
}
