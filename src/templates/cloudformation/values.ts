/** A value once its intrinsic functions are evaluated: what CloudFormation would hand the resource. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** `Ref: AWS::NoValue`: the property or list item it stands in is left out. */
export const noValueMarker: unique symbol = Symbol('AWS::NoValue');
export type Evaluated = Value | typeof noValueMarker;

export function isPlainObject(value: Evaluated | undefined): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How CloudFormation turns a scalar into the string a string property gets: numbers as written, booleans lower case. */
export function scalarText(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function describeValue(value: Evaluated): string {
  if (value === noValueMarker) return 'AWS::NoValue';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
