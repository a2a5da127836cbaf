import type { Position } from './template-node.js';

/** A path into a translated declaration: `['stages', 1, 'actions', 0, 'configuration', 'ProjectName']`. */
export type DeclarationPath = readonly (string | number)[];

/**
 * Where each part of a translated declaration was written in the template, so that a refusal of the
 * declaration (the model's check, the server's validation) can point at the template's line.
 */
export class SourceMap {
  private readonly positions = new Map<string, Position>();

  constructor(readonly fallback: Position) {}

  set(path: DeclarationPath, at: Position): void {
    this.positions.set(keyOf(path), at);
  }

  /** The position of `path`, or of the nearest part that contains it. */
  find(path: DeclarationPath): Position {
    for (let length = path.length; length > 0; length -= 1) {
      const found = this.positions.get(keyOf(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return this.fallback;
  }

  has(path: DeclarationPath): boolean {
    return this.positions.has(keyOf(path));
  }
}

function keyOf(path: DeclarationPath): string {
  return path.join('\u0000');
}
