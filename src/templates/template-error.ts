import { describePosition, type Position } from './template-node.js';

/**
 * A template that cannot be translated: a syntax error, an unknown intrinsic function, a Ref to
 * nothing, a property CloudFormation would not accept. Names the file, the line and column, and the
 * resource (logical id) it is in, as CloudFormation's own refusals name the resource.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    readonly reason: string,
    readonly source: string,
    readonly position?: Position,
    readonly logicalId?: string,
  ) {
    const where = [position !== undefined ? describePosition(position) : '', logicalId !== undefined ? `resource ${logicalId}` : ''].filter(Boolean).join(', ');
    super(`${source}${where !== '' ? ` (${where})` : ''}: ${reason}`);
  }
}

/** The file is not YAML or JSON at all: whoever reads it next (CodePipeline's own definition reader) reports it. */
export class TemplateSyntaxError extends TemplateError {}

/** Thrown inside the evaluation of one value; the caller that knows the file and resource turns it into a TemplateError. */
export class ValueError extends Error {
  override readonly name = 'ValueError';

  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}
