import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { CliFailure, ExitCode, usageError } from './exit-codes.js';

/** The text of a file named on the command line (`-` is stdin); a file that cannot be read is a usage error. */
export async function readInputFile(path: string): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

/** A JSON or YAML file as plain data; a syntax error names the file, line and column. */
export async function readDataFile(path: string): Promise<unknown> {
  const text = await readInputFile(path);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [error] = document.errors;
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new CliFailure(`${displayName(path)} is not valid JSON or YAML at line ${line}, column ${col}: ${error.message}`, ExitCode.refused);
  }
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}
