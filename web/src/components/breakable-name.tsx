import { Fragment, type ReactNode } from 'react';

/**
 * A name that may wrap only where a reader would break it: between camelCase words, after digits
 * runs and after "-", "_", "." or "/" ("UnitTestsAndBuild" → "UnitTests|And|Build", never "…Buil|d").
 * CSS breaks inside a part only when that part alone is wider than its box.
 */
export function BreakableName({ name }: { name: string }): ReactNode {
  const parts = name.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[-_./])|(?<=[A-Za-z])(?=[0-9])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}
