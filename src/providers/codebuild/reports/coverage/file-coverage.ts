/** What a coverage format says about one source file: lines and branches covered and missed. */
export interface FileCoverage {
  filePath: string;
  linesCovered: number;
  linesMissed: number;
  branchesCovered: number;
  branchesMissed: number;
}

export function emptyCoverage(filePath: string): FileCoverage {
  return { filePath, linesCovered: 0, linesMissed: 0, branchesCovered: 0, branchesMissed: 0 };
}

/** A count from an attribute or a field; anything that is not a non-negative number counts as 0. */
export function count(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number > 0 ? number : 0;
}
