/**
 * Unix modes as zip archives carry them: the high 16 bits of an entry's external attributes, when the
 * archive was made on Unix (`versionMadeBy >> 8 === 3`). Info-ZIP's `zip`/`unzip` read and write them,
 * which is how executable bits and symlinks survive a round trip.
 */
export const unixModes = {
  typeMask: 0o170000,
  file: 0o100000,
  directory: 0o040000,
  symlink: 0o120000,
} as const;

export const madeByUnix = 3;

export function zipFileMode(executable: boolean): number {
  return unixModes.file | (executable ? 0o755 : 0o644);
}

export const zipSymlinkMode = unixModes.symlink | 0o777;
export const zipDirectoryMode = unixModes.directory | 0o755;

/**
 * Every entry gets the same timestamp, so the same tree always zips to the same bytes (and the same
 * ETag): a zip made by Pipewright is a function of the artifact's content, as reproducible builds want.
 */
export const zipEntryTime = new Date(Date.UTC(2000, 0, 1));
