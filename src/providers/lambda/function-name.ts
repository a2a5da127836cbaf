/**
 * A Lambda invoke action's FunctionName, as AWS accepts it: the name (`my-function`), a full ARN
 * (`arn:aws:lambda:us-east-1:123456789012:function:my-function`), a partial one
 * (`123456789012:function:my-function`), any with a `:qualifier` (a version or alias, which local
 * functions do not have: it is noted and ignored). Pipewright runs `<data-dir>/functions/<name>/`.
 */
export interface FunctionReference {
  name: string;
  qualifier?: string;
}

const namePattern = /^[a-zA-Z0-9-_]{1,64}$/;
const arnPattern = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?function:([^:]+)(?::([^:]+))?$/;

export function parseFunctionName(value: string): FunctionReference | undefined {
  const arn = arnPattern.exec(value);
  const [name, qualifier] = arn !== null ? [arn[1], arn[2]] : value.split(':');
  if (name === undefined || !namePattern.test(name)) return undefined;
  if (arn === null && value.split(':').length > 2) return undefined;
  return { name, ...(qualifier !== undefined && qualifier !== '' ? { qualifier } : {}) };
}
