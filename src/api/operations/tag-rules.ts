import { PipewrightError } from '../../core/errors/index.js';

/** AWS reserves the `aws:` prefix for its own tags; a resource holds at most `max` tags. */
export function checkTags(tags: readonly { key: string; value: string }[], max: number, existingKeys: readonly string[] = []): void {
  const reserved = tags.find((tag) => tag.key.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) {
    throw new PipewrightError('InvalidTagsException', `Tag key ${reserved.key} uses the prefix aws:, which is reserved for AWS.`);
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.key)) throw new PipewrightError('InvalidTagsException', `Tag key ${tag.key} appears more than once.`);
    seen.add(tag.key);
  }
  const total = new Set([...existingKeys, ...seen]).size;
  if (total > max) {
    throw new PipewrightError('TooManyTagsException', `A resource can have at most ${max} tags; this request would give it ${total}.`);
  }
}
