/**
 * The pieces of an `Fn::Sub` string: literal text and `${Name}` / `${Resource.Attribute}` variables.
 * `${!Literal}` is written out as `${Literal}` (AWS CloudFormation User Guide, Fn::Sub).
 */
export type SubPiece = { literal: string } | { variable: string };

export function subPieces(text: string): SubPiece[] {
  const pieces: SubPiece[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start < 0) {
      literal += text.slice(index);
      break;
    }
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, start);
    const inner = text.slice(start + 2, end);
    if (inner.startsWith('!')) literal += `\${${inner.slice(1)}}`;
    else {
      if (literal !== '') pieces.push({ literal });
      literal = '';
      pieces.push({ variable: inner.trim() });
    }
    index = end + 1;
  }
  if (literal !== '') pieces.push({ literal });
  return pieces;
}
