import { XMLParser } from 'fast-xml-parser';

/**
 * Test result XML read into plain objects: every element is a list (so one child and many read the
 * same), attributes are `@name`, text is `#text`. Helpers below walk it without trusting its shape.
 */
export type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  processEntities: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

export function parseXml(text: string): XmlElement {
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (error) {
    throw new Error(`not valid XML: ${(error as Error).message}`, { cause: error });
  }
  return isElement(parsed) ? parsed : {};
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child elements named `name` (text-only children read as elements with `#text`). */
export function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => (isElement(item) ? item : { '#text': typeof item === 'string' ? item : String(item) }));
}

/** All elements named `name` at any depth, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement): void => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('@') || key === '#text' || !Array.isArray(value)) continue;
      for (const item of value) {
        if (!isElement(item)) {
          if (key === name) found.push({ '#text': String(item) });
          continue;
        }
        if (key === name) found.push(item);
        visit(item);
      }
    }
  };
  visit(element);
  return found;
}

export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  const value = element?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function text(element: XmlElement | undefined): string | undefined {
  const value = element?.['#text'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Seconds (as test reports write them) to whole milliseconds. */
export function secondsToMs(seconds: string | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  const value = Number(seconds.replaceAll(',', ''));
  return Number.isFinite(value) ? Math.round(value * 1000) : undefined;
}
