import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` a caller sends is
 * `version-traceid-parentid-flags` in lowercase hex. Tessera records no spans (no tracing SDK):
 * it logs the trace id with the request's lines and answers `traceresponse` (Trace Context
 * Level 2) with the same trace id and a span id of its own, so a caller can find this request's
 * log lines from its own trace.
 */
export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

// Version 00 is exactly 55 characters; a later version may append `-…` fields, which are ignored.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-|$)/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/** The header's fields, or undefined when it is absent or not well formed (then it is ignored, as the spec says). */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | undefined {
  // Several traceparent headers: the spec says to ignore them all.
  if (typeof header !== 'string' || header.length < 55 || header.length > 512) return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, parentId, flags, rest] = m as unknown as [string, string, string, string, string, string];
  if (version === 'ff' || traceId === ZERO_TRACE || parentId === ZERO_PARENT) return undefined;
  if (version === '00' && (rest !== '' || header.trim().length !== 55)) return undefined;
  return { traceId, parentId, flags };
}

/** The `traceresponse` value for this request: the caller's trace id, a new span id, the caller's flags. */
export function traceResponse(parent: TraceParent): string {
  return `00-${parent.traceId}-${randomBytes(8).toString('hex')}-${parent.flags}`;
}
