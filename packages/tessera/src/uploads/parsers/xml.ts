import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ArtifactParseError } from './summary.js';

export type XmlNode = Record<string, unknown>;

/**
 * What comes before the root element: the XML declaration, comments, processing instructions
 * and, if any, a DOCTYPE. Returns the root element's local name (namespace prefix dropped).
 */
export function xmlProlog(text: string): { root?: string; doctype: boolean } {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '<') return { doctype: false };
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return { doctype: false };
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return { doctype: false };
      i = end + 3;
    } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      return { doctype: true };
    } else {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 200));
      return m ? { root: m[2]!, doctype: false } : { doctype: false };
    }
  }
  return { doctype: false };
}

/** Safe options: no entity processing, no HTML entities, values kept as text, bounded nesting. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 100,
});

/**
 * Parses CI report XML with fast-xml-parser. A DOCTYPE is refused before parsing: reports never
 * need one, and refusing it rules out entity expansion (billion laughs) and external entities (XXE).
 */
export function parseXml(text: string): XmlNode {
  const prolog = xmlProlog(text);
  if (prolog.doctype) throw new ArtifactParseError('XML with a DOCTYPE is refused: entity declarations are never processed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ArtifactParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  return parser.parse(text) as XmlNode;
}

/** A child that may occur once or many times, as an array (fast-xml-parser gives a single child as itself). */
export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as XmlNode)[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (v && typeof v === 'object' ? (v as XmlNode) : {}));
}

export function has(node: XmlNode, name: string): boolean {
  return node[name] !== undefined;
}

/** A numeric attribute, or undefined when absent or not a number. */
export function numberAttr(node: XmlNode, name: string): number | undefined {
  const v = node[`@${name}`];
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function stringAttr(node: XmlNode, name: string): string | undefined {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}
