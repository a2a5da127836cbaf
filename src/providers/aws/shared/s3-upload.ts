import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig } from './aws-client-settings.js';

export interface UploadedObject {
  bucket: string;
  key: string;
  /** Where an AWS service fetches it: the S3 endpoint configured (path-style), or AWS's regional URL. */
  url: string;
  eTag?: string;
  version?: string;
}

/** Puts one object into a real S3 bucket (AWS, or the SDK's S3 endpoint) for a service to read. */
export async function uploadObject(region: string, bucket: string, key: string, body: Buffer, contentType: string, env: NodeJS.ProcessEnv = process.env): Promise<UploadedObject> {
  const s3 = new S3Client(s3ClientConfig(region, env));
  try {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    const path = key.split('/').map(encodeURIComponent).join('/');
    const url = endpoint !== undefined && endpoint !== '' ? `${endpoint.replace(/\/+$/, '')}/${bucket}/${path}` : `https://${bucket}.s3.${region}.amazonaws.com/${path}`;
    return { bucket, key, url, ...(put.ETag !== undefined ? { eTag: put.ETag.replace(/"/g, '') } : {}), ...(put.VersionId !== undefined ? { version: put.VersionId } : {}) };
  } finally {
    s3.destroy();
  }
}
