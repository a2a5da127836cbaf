import { join } from 'node:path';

/**
 * Where the filesystem artifact store keeps things under `<data-dir>/artifacts/`:
 *
 *   blobs/<ab>/<sha256>     file content, read-only (0444); `<sha256>.x` for the executable variant (0555)
 *   manifests/<ab>/<digest>.json   the tree of one artifact content (see tree/manifest.ts)
 *   refs/<encoded key>.json        one stored artifact: its key, digest, owner and creation time
 *   trees/<digest>/        shared read-only trees of hard links, the lower layer of overlay checkouts
 *   mounts/<id>/{upper,work}       the private layers of one overlay checkout
 *   staging/               files on their way in (same filesystem as blobs/, so they move by rename)
 *
 * Everything lives on one filesystem so that taking a file in, checking it out and sharing it are
 * renames and hard links, never copies.
 */
export interface ArtifactLayout {
  root: string;
  blobs: string;
  manifests: string;
  refs: string;
  trees: string;
  mounts: string;
  staging: string;
}

export function artifactLayout(root: string): ArtifactLayout {
  return {
    root,
    blobs: join(root, 'blobs'),
    manifests: join(root, 'manifests'),
    refs: join(root, 'refs'),
    trees: join(root, 'trees'),
    mounts: join(root, 'mounts'),
    staging: join(root, 'staging'),
  };
}

export function blobPath(layout: ArtifactLayout, sha256: string, executable: boolean): string {
  return join(layout.blobs, sha256.slice(0, 2), executable ? `${sha256}.x` : sha256);
}

export function manifestPath(layout: ArtifactLayout, digest: string): string {
  return join(layout.manifests, digest.slice(0, 2), `${digest}.json`);
}

/** Keys hold `/` and whatever a pipeline name may hold (`.`, `@`): encoded, a key is one safe file name. */
export function refPath(layout: ArtifactLayout, key: string): string {
  return join(layout.refs, `${encodeURIComponent(key)}.json`);
}

export const blobModes = { plain: 0o444, executable: 0o555 } as const;
