/**
 * A Server-Sent Events parser (WHATWG HTML §9.2.6, the parts a client of one server needs): feed it
 * text as it arrives, in any chunking; it calls back once per dispatched event. Lines end in LF,
 * CRLF or CR; `:` lines are comments; `data` lines join with LF; an event with no data is not
 * dispatched; `id` sets the last event id (kept across events; a value with NUL is ignored);
 * `retry` with only digits sets the reconnection delay.
 */
export interface SseMessage {
  event: string;
  data: string;
  /** The last event id after this event (the stream's, not only this event's). */
  lastEventId: string;
}

export interface SseParser {
  feed(text: string): void;
  /** The last event id seen, to send as Last-Event-ID on reconnect. */
  readonly lastEventId: string;
  /** The delay the server asked for (`retry:`), or null. */
  readonly retryMs: number | null;
}

export function createSseParser(onMessage: (m: SseMessage) => void): SseParser {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let lastEventId = '';
  let retryMs: number | null = null;
  let skipLf = false;

  const line = (l: string) => {
    if (l === '') {
      if (data.length) onMessage({ event: event || 'message', data: data.join('\n'), lastEventId });
      event = '';
      data = [];
      return;
    }
    if (l.charCodeAt(0) === 58 /* : */) return;
    const c = l.indexOf(':');
    const field = c < 0 ? l : l.slice(0, c);
    let value = c < 0 ? '' : l.slice(c + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event': event = value; break;
      case 'data': data.push(value); break;
      case 'id': if (!value.includes('\0')) lastEventId = value; break;
      case 'retry': if (/^\d+$/.test(value)) retryMs = Number(value); break;
    }
  };

  return {
    feed(text) {
      let start = 0;
      let i = 0;
      if (skipLf && text.charCodeAt(0) === 10) start = i = 1;
      skipLf = false;
      for (; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch !== 10 && ch !== 13) continue;
        line(buffer + text.slice(start, i));
        buffer = '';
        if (ch === 13) {
          if (i + 1 === text.length) skipLf = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buffer += text.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
  };
}
