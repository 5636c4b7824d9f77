import { parentPort } from 'node:worker_threads';
import { readArtifact, type ArtifactRequest } from './parsers/read-artifact.js';

/**
 * A parse worker (see parse-pool.ts): says `ready` once loaded, then reads one report per message
 * and answers with its reading and the file, handed back without a copy. It is sent the next only
 * after answering; the pool terminates it when it runs too long, and V8 stops it when it outgrows
 * its heap limit.
 */
parentPort?.on('message', (request: ArtifactRequest) => {
  const reading = readArtifact(request);
  parentPort!.postMessage({ reading, data: request.data }, [request.data.buffer as ArrayBuffer]);
});
parentPort?.postMessage('ready');
