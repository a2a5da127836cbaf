/** Tags of any resource, keyed by its ARN, in the order they were first set. */
export interface TagOperations {
  listTags(resourceArn: string): Promise<Tag[]>;
  /** Adds or overwrites the given tags. */
  putTags(resourceArn: string, tags: readonly Tag[]): Promise<void>;
  removeTags(resourceArn: string, keys: readonly string[]): Promise<void>;
}

export interface Tag {
  key: string;
  value: string;
}
