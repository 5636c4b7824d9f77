import { createHash } from 'node:crypto';
import type { UploadKind } from '../../db/schema.js';
import type { KnownFormat } from './detect.js';
import { chooseFormat, decodeText, FORMAT_KIND, parseArtifact, type ParseOutcome } from './parse-artifact.js';

/** What the parse workers are sent: the file as stored, and what the sender said it is. */
export interface ArtifactRequest {
  data: Uint8Array;
  format: KnownFormat | 'auto';
  kind: UploadKind | undefined;
}

/**
 * What a worker answers. `kind` is undefined when the sender gave none and the format could not
 * be detected (the upload is then refused); otherwise the outcome is stored, parsed or not.
 */
export type ArtifactReading =
  | { kind: UploadKind; outcome: ParseOutcome; sha256: string }
  | { kind: undefined };

/**
 * Everything an upload costs in CPU, in one pure function so a worker thread can run it: the
 * SHA-256, the UTF-8 decoding, format detection and the parse. The sender's format and kind
 * must already agree with each other (checked before, on the request).
 */
export function readArtifact(request: ArtifactRequest): ArtifactReading {
  const text = decodeText(request.data);
  const format = chooseFormat(request.format, text);
  const kind = request.kind ?? (format ? FORMAT_KIND[format] : undefined);
  if (!kind) return { kind: undefined };
  const sha256 = createHash('sha256').update(request.data).digest('hex');
  if (format && FORMAT_KIND[format] !== kind) {
    const error = `this looks like a ${format} file (${FORMAT_KIND[format]}), not ${kind}: fix kind, or set format`;
    return { kind, sha256, outcome: { format: 'unknown', status: 'unparsable', summary: null, error } };
  }
  return { kind, sha256, outcome: parseArtifact(format, text) };
}
