import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser.js';

const parse = (chunks: string[]) => {
  const out: SseMessage[] = [];
  const p = createSseParser((m) => out.push(m));
  for (const c of chunks) p.feed(c);
  return { out, p };
};

describe('the SSE parser', () => {
  const stream = 'retry: 1500\n: a comment\nid: e1:1\nevent: invalidate\ndata: {"keys":\ndata: ["t:abc"]}\n\nevent: heartbeat\ndata: {}\n\n';

  it('dispatches events with their type, joined data and the last event id', () => {
    const { out, p } = parse([stream]);
    expect(out).toEqual([
      { event: 'invalidate', data: '{"keys":\n["t:abc"]}', lastEventId: 'e1:1' },
      { event: 'heartbeat', data: '{}', lastEventId: 'e1:1' },
    ]);
    expect(p.retryMs).toBe(1500);
    expect(p.lastEventId).toBe('e1:1');
  });

  it('gives the same events however the text is split, down to one character at a time', () => {
    const whole = parse([stream]).out;
    expect(parse(stream.split('')).out).toEqual(whole);
    for (let i = 1; i < stream.length; i++) expect(parse([stream.slice(0, i), stream.slice(i)]).out).toEqual(whole);
  });

  it('accepts CRLF and CR line ends, also split between chunks', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    const cr = stream.replace(/\n/g, '\r');
    expect(parse([crlf]).out).toEqual(parse([stream]).out);
    expect(parse(crlf.split('')).out).toEqual(parse([stream]).out);
    expect(parse([cr]).out).toEqual(parse([stream]).out);
  });

  it('ignores events without data, unknown fields, a non-numeric retry and ids with NUL; the message type defaults', () => {
    const { out, p } = parse(['event: x\n\nfoo: bar\nretry: 1s\nid: a\0b\ndata\n\n', 'data:no space\n\n']);
    expect(out).toEqual([{ event: 'message', data: '', lastEventId: '' }, { event: 'message', data: 'no space', lastEventId: '' }]);
    expect(p.retryMs).toBeNull();
  });

  it('holds an unfinished event until its blank line arrives', () => {
    const { out, p } = parse(['id: 1\ndata: x\n']);
    expect(out).toEqual([]);
    p.feed('\n');
    expect(out).toHaveLength(1);
  });
});
