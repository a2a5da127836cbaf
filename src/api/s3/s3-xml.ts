import { XMLParser } from 'fast-xml-parser';

/** S3's answers are XML in its 2006-03-01 namespace. */
export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** An XML fragment: elements in insertion order; undefined values are left out, arrays repeat the element. */
export type XmlValue = string | number | boolean | undefined | XmlElement | XmlElement[];
export interface XmlElement {
  [name: string]: XmlValue;
}

export function xmlDocument(root: string, body: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${s3Namespace}">${xmlOf(body)}</${root}>`;
}

function xmlOf(element: XmlElement): string {
  return Object.entries(element)
    .map(([name, value]) => elementOf(name, value))
    .join('');
}

function elementOf(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<${name}>${xmlOf(item)}</${name}>`).join('');
  if (typeof value === 'object') return `<${name}>${xmlOf(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * Parses a request body S3 reads as XML (DeleteObjects, CompleteMultipartUpload) with fast-xml-parser:
 * text stays text (keys like "007" are not numbers), the listed elements are always arrays.
 */
export function parseXmlBody(text: string, repeated: readonly string[]): Record<string, unknown> | undefined {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: false,
    removeNSPrefix: true,
    isArray: (name) => repeated.includes(name),
  });
  try {
    const parsed = parser.parse(text, true) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
