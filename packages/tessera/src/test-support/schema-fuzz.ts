/**
 * Hostile requests generated from the OpenAPI document: for every route, every path parameter,
 * query parameter and body field (nested ones included) gets values chosen from its own schema —
 * wrong types, boundary strings and numbers, dates PostgreSQL cannot store, NUL and lone
 * surrogates, forged cursors, nested junk, duplicate and prototype-polluting keys — while every
 * other part of the request stays valid, so the value reaches the validator and, when the schema
 * lets it through, the service. Deterministic: the only randomness is a seeded PRNG.
 */

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
export type Schema = Record<string, any>;

export interface FuzzCase {
  method: string;
  route: string;
  /** Where the hostile value went and which it was, for the failure report. */
  label: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Dates that look like RFC 3339 but that PostgreSQL or JavaScript cannot hold. */
export const HOSTILE_DATES = [
  '2016-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2023-02-30T00:00:00Z',
  '2020-01-01T00:00:00+01', '2020-01-01T00:00:00+0100', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-01:00',
  '10000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '1969-12-31T23:59:59.9999999999Z',
  '2020-01-01t00:00:00z', '2020-01-01 00:00:00Z', '2020-13-01T00:00:00Z', '2020-01-01T24:00:00Z',
];

/** Cursors this server never issued: right encoding, wrong content. */
export const FORGED_CURSORS = [
  'eyJzIjoiYWJjIn0', 'eyJjIjoieCIsImkiOiJ5In0', b64({ s: '99999999999999999999' }), b64({ s: '-1' }), b64({ s: 1 }),
  b64({ s: '1e3' }), b64({ c: '0000-01-01T00:00:00.000Z', i: 'tok_AAAAAAAAAAAAAAAA' }), b64({ c: '2016-12-31T23:59:60Z', i: 'tok_AAAAAAAAAAAAAAAA' }),
  b64({ c: '2020-01-01T00:00:00.000Z', i: 'x\u0000' }), b64({ c: '2020-01-01T00:00:00.000Z', i: '\ud800' }), b64({ c: 'x', i: 'y', s: 'z' }),
  b64('{"__proto__":{"s":"1"}}'), b64([]), b64(null), b64('"s"'), b64({ s: '1', c: 1 }), 'AAAA', '%ZZ', '_-_-', '',
];

/** Strings for any text field: NUL, lone surrogates, control and format characters, injection shapes. */
const HOSTILE_TEXT = ['a\u0000b', '\u0000', '\ud800', '\udc00', 'a\udc00\ud800b', '\ud83d', '\u202e\u200b\ufeff', '\r\n\t', ' ', "'; drop table users; --", '%00', '../../etc/passwd', '${jndi:x}', '{{7*7}}', '\uffff'];
const NON_STRINGS = [42, -1, 1.5, true, false, null, [], ['x'], {}, { $gt: '' }, 1e308];
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 9.99e20, 0.1];

/** A URL-encoded form of any string, lone surrogates included (as the UTF-8-like bytes a broken client would send). */
export function encodeUrlPart(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%ED%${(0xa0 | ((c >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

export function deref(schema: Schema | undefined, doc: OpenApiDoc): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) s = doc.components?.schemas?.[s.$ref.replace(/^#\/components\/schemas\//, '')] ?? {};
  return s;
}

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const enumOf = (s: Schema): unknown[] | undefined => s.enum ?? (s.const !== undefined ? [s.const] : s.anyOf?.flatMap((b: Schema) => b.enum ?? (b.const !== undefined ? [b.const] : [])));

/** Values known to be valid for some field, tried against a pattern in order. */
export interface Hints {
  /** Property name → a valid value for it (wins over everything else). */
  byName: Record<string, unknown>;
  /** Candidates for patterned strings: the first that matches the pattern and length is used. */
  candidates: string[];
}

/** A value the schema accepts (the required fields of objects only, plus hints), or undefined when none is found. */
export function example(schema: Schema, doc: OpenApiDoc, hints: Hints, name = ''): unknown {
  const s = deref(schema, doc);
  if (name in hints.byName) return hints.byName[name];
  const e = enumOf(s);
  if (e?.length) return s.default ?? e[0];
  const t = typesOf(s)[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (t) {
    case 'string': return exampleString(s, hints, name);
    case 'integer': case 'number': return s.default ?? s.minimum ?? 1;
    case 'boolean': return false;
    case 'null': return null;
    case 'array': return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => example(s.items ?? {}, doc, hints));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = example(s.properties?.[k] ?? {}, doc, hints, k);
      return out;
    }
    default: return undefined;
  }
}

let unique = 0;
function exampleString(s: Schema, hints: Hints, name: string): string {
  if (s.format === 'email') return `fuzz${++unique}@example.com`;
  if (s.format === 'date-time') return new Date(Date.now() + 30 * 86_400_000).toISOString();
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern, 'u').test(v));
  const found = hints.candidates.find(fits);
  if (found !== undefined) return found;
  const plain = `${name || 'fuzz'}${++unique}`.replace(/[^a-z0-9]/g, 'x');
  return fits(plain) ? plain : 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

/** Hostile values for one field, from its schema. `inUrl`: the value travels as text (query or path). */
export function hostileValues(schema: Schema, doc: OpenApiDoc, name: string, inUrl: boolean, rng: () => number): unknown[] {
  const s = deref(schema, doc);
  const types = typesOf(s);
  const out: unknown[] = [];
  const isString = types.includes('string') || (!types.length && enumOf(s)?.every((v) => typeof v === 'string'));
  if (isString || !types.length) {
    out.push(...HOSTILE_TEXT);
    const max = s.maxLength ?? 300;
    out.push('x'.repeat(max), 'x'.repeat(max + 1), '\u00e9'.repeat(max), '\ud83d\ude00'.repeat(Math.ceil(max / 2)), '', `${'a'.repeat(Math.max(0, max - 1))}\u0000`);
    if (s.format === 'date-time' || /(_at|_before|since|until)$/.test(name)) out.push(...HOSTILE_DATES);
    if (name === 'cursor') out.push(...FORGED_CURSORS);
  }
  if (types.includes('integer') || types.includes('number')) {
    const lo = s.minimum ?? 0;
    const hi = s.maximum ?? 2 ** 31;
    out.push(lo - 1, lo, hi, hi + 1, 0, -1, ...HUGE_NUMBERS);
    if (inUrl) out.push('1e3', '0x10', ' 1', '1.0', 'NaN', 'Infinity', '99999999999999999999', '-0', '');
  }
  if (!inUrl) {
    out.push(...NON_STRINGS, nested(20), nested(2000), JSON.parse('{"__proto__":{"polluted":1}}'), JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'));
    if (types.includes('array') || s.items) {
      const item = deref(s.items ?? {}, doc);
      out.push([null], Array.from({ length: (s.maxItems ?? 100) + 1 }, () => 'x'), ...hostileValues(item, doc, name, false, rng).slice(0, 12).map((v) => [v]));
    }
    if (types.includes('object') || s.properties || s.additionalProperties) {
      out.push({ ...Object.fromEntries(Object.keys(s.properties ?? {}).map((k) => [k, 'a\u0000b'])) }, { 'a\u0000b': 'x' }, { '\ud800': 'x' }, { unknown_field: 1 }, Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'])));
    }
  } else {
    out.push('%ZZ'); // a raw, undecodable escape (sent as is)
  }
  // A few random strings drawn from the whole Unicode range, surrogates included.
  for (let i = 0; i < 3; i++) out.push(Array.from({ length: 1 + Math.floor(rng() * 12) }, () => String.fromCharCode(Math.floor(rng() * 0x10000))).join(''));
  return out;
}

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Body-level junk: text that is not JSON, JSON that is not an object, and a huge nesting. */
const RAW_BODIES = ['{"a":', '[]', '"just a string"', 'null', '1e999', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '['.repeat(100_000), '{"a":"\\ud800"}', '{"a":"\\u0000"}', '\u0000'];

interface FieldRef {
  path: string[];
  schema: Schema;
}

/** Body fields to mutate: every property of every object down to `depth`, array items as `[0]`. */
function fieldsOf(schema: Schema, doc: OpenApiDoc, depth = 3, path: string[] = []): FieldRef[] {
  const s = deref(schema, doc);
  const out: FieldRef[] = [];
  for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) {
    out.push({ path: [...path, k], schema: sub });
    if (depth > 1) out.push(...fieldsOf(sub, doc, depth - 1, [...path, k]));
  }
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  obj[path[0]!] = withValue(obj[path[0]!], path.slice(1), value);
  return obj;
}

export interface CaseOptions {
  /** Credentials and other headers every case carries. */
  headers: Record<string, string>;
  hints: Hints;
  rng: () => number;
  /** At most this many values per field (drawn with the PRNG; the defect shapes always kept). */
  perField?: number;
  /** A valid non-JSON body for routes the document gives none (uploads), by `METHOD /path`. */
  rawBodies?: Record<string, { contentType: string; payload: string }>;
}

/** Every hostile request for one route. */
export function casesFor(doc: OpenApiDoc, path: string, method: string, opts: CaseOptions): FuzzCase[] {
  const op = doc.paths[path]![method]!;
  const params = op.parameters ?? [];
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const base = {
    path: Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, String(example(p.schema, doc, opts.hints, p.name))])),
    query: {} as Record<string, string>,
    body: bodySchema ? example(bodySchema, doc, opts.hints) : undefined,
  };
  const M = method.toUpperCase();
  const build = (label: string, part: { path?: Record<string, string>; rawPath?: Record<string, string>; query?: string; body?: string }): FuzzCase => {
    const url = path.replace(/\{([^}]+)\}/g, (_, n: string) => part.rawPath?.[n] ?? encodeURIComponent((part.path ?? base.path)[n]!));
    const raw = part.body === undefined ? opts.rawBodies?.[`${M} ${path}`] : undefined;
    const payload = part.body ?? raw?.payload ?? (base.body !== undefined ? JSON.stringify(base.body) : undefined);
    return {
      method: M, route: `${M} ${path}`, label, url: part.query ? `${url}?${part.query}` : url,
      headers: { ...opts.headers, ...(payload !== undefined ? { 'content-type': raw?.contentType ?? 'application/json' } : {}) },
      ...(payload !== undefined ? { payload } : {}),
    };
  };
  const pick = (values: unknown[], keep: (v: unknown) => boolean) => {
    const limit = opts.perField ?? Infinity;
    if (values.length <= limit) return values;
    const kept = values.filter(keep);
    const rest = values.filter((v) => !keep(v));
    while (kept.length < limit && rest.length) kept.push(rest.splice(Math.floor(opts.rng() * rest.length), 1)[0]);
    return kept;
  };
  const defectShape = (v: unknown) => typeof v === 'string' && (HOSTILE_DATES.includes(v) || FORGED_CURSORS.includes(v) || v === 'a\u0000b' || v === '\ud800');
  const show = (v: unknown) => { const j = JSON.stringify(v) ?? String(v); return j.length > 60 ? `${j.slice(0, 57)}…` : j; };

  const cases: FuzzCase[] = [];
  for (const p of params) {
    for (const v of pick(hostileValues(p.schema, doc, p.name, true, opts.rng), defectShape)) {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      const wire = text === '%ZZ' ? text : encodeUrlPart(text);
      const label = `${p.in} ${p.name}=${show(v)}`;
      if (p.in === 'path') cases.push(build(label, { rawPath: { ...Object.fromEntries(Object.entries(base.path).map(([k, x]) => [k, encodeURIComponent(x)])), [p.name]: wire } }));
      else if (p.in === 'query') cases.push(build(label, { query: `${p.name}=${wire}` }));
    }
    if (p.in === 'query') {
      cases.push(build(`query ${p.name} twice`, { query: `${p.name}=1&${p.name}=2` }));
      cases.push(build(`query ${p.name}[] bracket`, { query: `${p.name}[a]=1` }));
    }
  }
  if (params.some((p) => p.in === 'query')) {
    cases.push(build('query __proto__', { query: '__proto__=x&constructor=y' }));
  }
  if (bodySchema) {
    for (const f of fieldsOf(bodySchema, doc)) {
      for (const v of pick(hostileValues(f.schema, doc, f.path.at(-1)!, false, opts.rng), defectShape)) {
        cases.push(build(`body ${f.path.join('.')}=${show(v)}`, { body: JSON.stringify(withValue(base.body, f.path, v)) }));
      }
      // A duplicate key: the valid value first, the hostile one last (JSON.parse keeps the last).
      if (f.path.length === 1 && base.body && typeof base.body === 'object') {
        const json = JSON.stringify(base.body);
        cases.push(build(`body duplicate ${f.path[0]}`, { body: `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${JSON.stringify(f.path[0])}:"a\\u0000b"}` }));
      }
    }
    for (const raw of RAW_BODIES) cases.push(build(`raw body ${show(raw)}`, { body: raw }));
  } else if (M !== 'GET') {
    // On DELETE only bodies that are not JSON: with a valid path, anything parsable would delete the fixture.
    for (const raw of M === 'DELETE' ? ['{"a":', '\u0000'] : RAW_BODIES.slice(0, 4)) cases.push(build(`raw body ${show(raw)}`, { body: raw }));
  }
  // Headers a route may record (the audit log keeps the user agent); not on DELETE, where the rest of
  // the request is valid and would delete the fixture every later case needs.
  if (M !== 'DELETE') cases.push({ ...build('header user-agent', {}), headers: { ...build('', {}).headers, 'user-agent': 'a\u0000b\ud800' } });
  return cases;
}
