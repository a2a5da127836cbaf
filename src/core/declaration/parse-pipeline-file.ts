import { isMap, isScalar, LineCounter, parseDocument, type Document, type Pair } from 'yaml';

/**
 * Reads a pipeline definition file for the CLI: JSON or YAML text (YAML 1.2 reads JSON as well),
 * holding either `{ "pipeline": {...}, "tags": [...] }` — the shape of `--cli-input-json` for
 * create-pipeline and update-pipeline — or a bare declaration. Syntax errors and unknown top-level
 * keys are reported with their line and column. The content itself is validated by the server, as
 * for any other client, so the result is typed only as far as this reader has checked it.
 */
export interface PipelineFile {
  pipeline: Record<string, unknown>;
  tags?: unknown;
}

export class PipelineFileError extends Error {
  override readonly name = 'PipelineFileError';

  constructor(
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** The members of CodePipeline's PipelineDeclaration. */
const declarationKeys: readonly string[] = ['name', 'roleArn', 'artifactStore', 'artifactStores', 'stages', 'version', 'executionMode', 'pipelineType', 'variables', 'triggers'];
/** The members of CreatePipelineInput, the widest `--cli-input-json` of a definition. */
const wrapperKeys: readonly string[] = ['pipeline', 'tags'];

export function parsePipelineFile(text: string, source = 'the pipeline file'): PipelineFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [error] = document.errors;
  if (error !== undefined) {
    const at = positionOf(error.pos[0], lineCounter);
    throw new PipelineFileError(`${source} is not valid JSON or YAML${at !== undefined ? ` at line ${at.line}, column ${at.column}` : ''}: ${error.message}`, at);
  }
  const root = document.contents;
  if (!isMap(root)) {
    throw new PipelineFileError(`${source} must hold a mapping: a pipeline declaration, or {"pipeline": …} as --cli-input-json takes it.`);
  }
  const wrapped = root.has('pipeline');
  const pipelineNode = wrapped ? root.get('pipeline', true) : root;
  checkKeys(root.items, wrapped ? wrapperKeys : declarationKeys, '', source, lineCounter);
  if (!isMap(pipelineNode)) {
    throw new PipelineFileError(`The pipeline member of ${source} must be a mapping (a pipeline declaration).`, positionOf(pipelineNode?.range?.[0], lineCounter));
  }
  if (wrapped) checkKeys(pipelineNode.items, declarationKeys, 'pipeline.', source, lineCounter);

  const content = toPlain(document);
  return wrapped
    ? { pipeline: content.pipeline as Record<string, unknown>, ...(content.tags !== undefined ? { tags: content.tags } : {}) }
    : { pipeline: content };
}

function checkKeys(items: readonly Pair[], allowed: readonly string[], prefix: string, source: string, lineCounter: LineCounter): void {
  for (const item of items) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    if (allowed.includes(key)) continue;
    const position = positionOf(isScalar(item.key) ? item.key.range?.[0] : undefined, lineCounter);
    const hint = key === 'metadata' ? ' (the metadata GetPipeline returns is not part of a definition; remove it)' : '';
    throw new PipelineFileError(
      `Unknown key ${prefix}${key} in ${source}${position !== undefined ? ` at line ${position.line}, column ${position.column}` : ''}${hint}; the keys allowed there are ${allowed.join(', ')}.`,
      position,
    );
  }
}

function positionOf(offset: number | undefined, lineCounter: LineCounter): { line: number; column: number } | undefined {
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function toPlain(document: Document): Record<string, unknown> {
  return document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
}
