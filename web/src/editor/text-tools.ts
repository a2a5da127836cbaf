/** The text libraries load only on the pages that need them, keeping them out of the others' first paint. */
export const loadTextTools = () => Promise.all([import('yaml'), import('diff')]).then(([yaml, diff]) => ({ yaml, diff }));
export type TextTools = Awaited<ReturnType<typeof loadTextTools>>;
