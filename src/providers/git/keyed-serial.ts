/**
 * Runs work one at a time per key, in the order it was asked for, and different keys in parallel.
 * The git layer keys it by mirror directory, so two jobs of the same repository never fetch into
 * one mirror at once (git's own ref locks would make the loser fail), while jobs of different
 * repositories do not wait for each other.
 */
const tails = new Map<string, Promise<unknown>>();

export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  // The next in line waits for this one to settle, whether it succeeded or not.
  const result = previous.then(work, work);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
