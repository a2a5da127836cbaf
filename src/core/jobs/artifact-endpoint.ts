/**
 * Where a Pipewright server answers S3's API for job artifacts: path-style `GET`, `HEAD` and `PUT` of
 * `<server>/s3/<bucket>/<key>`, beside the JSON protocol's `POST /`. A job worker (or a function) sets
 * its S3 client's endpoint to `artifactEndpoint(serverUrl)`; input artifact locations answer with the
 * artifact as a zip, output locations take the zip the worker uploads.
 */
export const artifactEndpointPath = '/s3';

export function artifactEndpoint(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, '')}${artifactEndpointPath}`;
}
