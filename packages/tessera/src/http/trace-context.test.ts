import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceResponse } from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent (W3C Trace Context)', () => {
  it('reads a version 00 header', () => {
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-01`)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '01' });
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-00`)?.flags).toBe('00');
  });

  it('reads a later version by its first four fields, ignoring what follows', () => {
    expect(parseTraceparent(`01-${TRACE}-${PARENT}-01-whatever-comes-next`)).toEqual({ traceId: TRACE, parentId: PARENT, flags: '01' });
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-09`)?.traceId).toBe(TRACE);
  });

  it.each([
    ['absent', undefined],
    ['several headers', [`00-${TRACE}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01`]],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['uppercase hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['version 00 with more fields', `00-${TRACE}-${PARENT}-01-extra`],
    ['a later version glued to more text', `01-${TRACE}-${PARENT}-01extra`],
    ['wrong separators', `00_${TRACE}_${PARENT}_01`],
    ['not hex', `00-${'g'.repeat(32)}-${PARENT}-01`],
    ['too long', `01-${TRACE}-${PARENT}-01-${'a'.repeat(600)}`],
  ])('ignores %s', (_name, header) => {
    expect(parseTraceparent(header as string | string[] | undefined)).toBeUndefined();
  });

  it('answers with the same trace id and flags and a fresh span id', () => {
    const parent = parseTraceparent(`00-${TRACE}-${PARENT}-01`)!;
    const a = traceResponse(parent);
    const b = traceResponse(parent);
    expect(a).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(a).not.toBe(b);
  });
});
