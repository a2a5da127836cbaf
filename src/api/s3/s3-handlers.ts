import { createBucket, deleteBucket, deleteObjects, getBucketLocation, headBucket, listBuckets, listObjects } from './bucket-handlers.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart, uploadPartCopy } from './multipart-handlers.js';
import { copyObject, deleteObject, getObject, getObjectTagging, putObject } from './object-handlers.js';
import type { S3Answer, S3Call } from './s3-call.js';
import type { S3OperationName } from './s3-operations.js';

/** The operations S3's API at /s3 serves, and the handler of each; any other is NotImplemented. */
export const s3Handlers: Partial<Record<S3OperationName, (call: S3Call) => Promise<S3Answer>>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  DeleteBucket: deleteBucket,
  ListObjectsV2: listObjects,
  ListObjects: listObjects,
  DeleteObjects: deleteObjects,
  GetObject: (call) => getObject(call, true),
  HeadObject: (call) => getObject(call, false),
  GetObjectTagging: getObjectTagging,
  PutObject: putObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};
