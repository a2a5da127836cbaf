import { useState, type ReactNode } from 'react';
import type { PipelineDeclaration } from '../api/types.js';
import type { TextTools } from './text-tools.js';

/**
 * The declaration as JSON or YAML text (`{"pipeline": …}`, what `get-pipeline` prints and
 * `create-pipeline --cli-input-json` reads). Text that parses becomes the draft at once; text that
 * does not stays as typed, with the parser's message, and the draft keeps its last good value.
 */
export function TextEditor({ format, declaration, tools, onChange }: { format: 'json' | 'yaml'; declaration: PipelineDeclaration; tools: TextTools; onChange: (declaration: PipelineDeclaration) => void }): ReactNode {
  const render = (value: PipelineDeclaration): string => (format === 'yaml' ? tools.yaml.stringify({ pipeline: value }) : `${JSON.stringify({ pipeline: value }, null, 2)}\n`);
  const [text, setText] = useState(() => render(declaration));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <div className="text-editor">
      {problem !== undefined ? (
        <p className="error-banner" role="alert">
          {problem}
        </p>
      ) : null}
      <textarea
        aria-label={`Definition as ${format.toUpperCase()}`}
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          try {
            const parsed: unknown = format === 'yaml' ? tools.yaml.parse(event.target.value) : JSON.parse(event.target.value);
            const pipeline: unknown = typeof parsed === 'object' && parsed !== null && 'pipeline' in parsed ? (parsed).pipeline : parsed;
            if (typeof pipeline !== 'object' || pipeline === null || !Array.isArray((pipeline as { stages?: unknown }).stages)) throw new Error('The text must be {"pipeline": {…, "stages": […]}}.');
            setProblem(undefined);
            onChange(pipeline as PipelineDeclaration);
          } catch (caught) {
            setProblem(`Not a valid ${format.toUpperCase()} definition yet: ${caught instanceof Error ? caught.message.split('\n')[0] : String(caught)}`);
          }
        }}
      />
    </div>
  );
}
