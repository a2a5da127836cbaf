/**
 * S3's rules for general purpose bucket names (Amazon S3 User Guide, "General purpose bucket naming
 * rules"): 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or a
 * digit, no two adjacent dots, not shaped like an IP address. CreateBucket enforces them; existing
 * buckets of the object store (which allows a wider set) stay reachable under their names.
 */
const rules: [RegExp, boolean][] = [
  [/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, true],
  [/\.\./, false],
  [/^\d+\.\d+\.\d+\.\d+$/, false],
  [/^xn--|^sthree-|-s3alias$|--ol-s3$/, false],
];

export function isBucketName(name: string): boolean {
  return rules.every(([pattern, mustMatch]) => pattern.test(name) === mustMatch);
}
