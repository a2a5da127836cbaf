import Anser from 'anser';
import type { CSSProperties, ReactNode } from 'react';

/** Whether a line has an escape sequence at all: most lines have none and skip the parser. */
const escape = '\u001b';

/** A log line's text without its ANSI escape sequences (for searching and for copying). */
export function plainText(text: string): string {
  return text.includes(escape) ? Anser.ansiToText(text) : text;
}

/**
 * A log line with its ANSI colours and decorations (bold, italic, underline…) as styled spans. anser
 * parses the sequences into text runs; React renders them as text, so nothing in a log is ever read
 * as HTML.
 */
export function AnsiText({ text }: { text: string }): ReactNode {
  if (!text.includes(escape)) return text;
  const runs = Anser.ansiToJson(text, { remove_empty: true });
  return (
    <>
      {runs.map((run, index) => {
        const style = runStyle(run);
        return style === undefined ? (
          run.content
        ) : (
          <span key={index} style={style} className="ansi">
            {run.content}
          </span>
        );
      })}
    </>
  );
}

function runStyle(run: Anser.AnserJsonEntry): CSSProperties | undefined {
  const style: CSSProperties = {};
  const foreground = run.fg_truecolor || run.fg;
  const background = run.bg_truecolor || run.bg;
  if (foreground) style.color = `rgb(${foreground})`;
  if (background) style.backgroundColor = `rgb(${background})`;
  for (const decoration of run.decorations) {
    if (decoration === 'bold') style.fontWeight = 700;
    if (decoration === 'dim') style.opacity = 0.7;
    if (decoration === 'italic') style.fontStyle = 'italic';
    if (decoration === 'underline') style.textDecoration = 'underline';
    if (decoration === 'strikethrough') style.textDecoration = 'line-through';
    if (decoration === 'hidden') style.visibility = 'hidden';
  }
  return Object.keys(style).length === 0 ? undefined : style;
}
