import model from '../model/codepipeline-2015-07-09.json' with { type: 'json' };

/**
 * AWS's own model of the CodePipeline API (botocore's service-2.json, documentation stripped). The
 * protocol layer validates every request against it, so constraints, enums and required members fail
 * exactly where and as they would on AWS, and responses can be checked against it in tests.
 */
export type Shape =
  | { type: 'structure'; members: Record<string, { shape: string }>; required?: string[]; exception?: boolean }
  | { type: 'list'; member: { shape: string }; min?: number; max?: number }
  | { type: 'map'; key: { shape: string }; value: { shape: string }; min?: number; max?: number }
  | { type: 'string'; min?: number; max?: number; pattern?: string; enum?: string[]; sensitive?: boolean }
  | { type: 'integer' | 'long'; min?: number; max?: number; box?: boolean }
  | { type: 'boolean' | 'timestamp' | 'double' | 'float' | 'blob' };

export interface OperationModel {
  name: string;
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

interface ServiceModel {
  metadata: { targetPrefix: string; apiVersion: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export const serviceModel = model as unknown as ServiceModel;

export const targetPrefix = serviceModel.metadata.targetPrefix;

export function shapeNamed(name: string): Shape {
  const shape = serviceModel.shapes[name];
  if (shape === undefined) throw new Error(`The service model has no shape ${name}`);
  return shape;
}

export function operationNamed(name: string): OperationModel | undefined {
  return Object.hasOwn(serviceModel.operations, name) ? serviceModel.operations[name] : undefined;
}
