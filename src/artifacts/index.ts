export { openArtifactStorage, defaultRetentionMs, type ArtifactStorage, type ArtifactStorageConfig } from './open-artifact-storage.js';
export {
  openFilesystemArtifactStore,
  recoverArtifactStore,
  FilesystemArtifactStore,
  defaultArtifactBucket,
  type FilesystemArtifactStoreOptions,
  type WritableCheckoutMethod,
} from './filesystem/filesystem-artifact-store.js';
export { FilesystemObjectStore } from './objects/filesystem-object-store.js';
export { S3ArtifactStore } from './s3/s3-artifact-store.js';
export { S3ObjectStore } from './s3/s3-object-store.js';
export { createS3Client, type S3Settings } from './s3/s3-settings.js';
