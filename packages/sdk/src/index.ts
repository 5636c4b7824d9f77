export { createVerifier, type Verifier, type VerifierOptions, type InvalidationEvent } from './verifier.js';
export type { VerifyOptions, VerifyResult, TokenIdentity, FailureCode, Role } from './outcome.js';
export type { StreamStatus } from './event-stream.js';
export { parseToken, type ParsedToken, type TokenKind, type FormatProblem } from './token-format.js';
export { createSseParser, type SseMessage, type SseParser } from './sse-parser.js';
