import type { UploadFormat } from '../../db/schema.js';
import { xmlProlog } from './xml.js';

export type KnownFormat = Exclude<UploadFormat, 'unknown'>;

const LCOV_FIRST_RECORD = /^(TN|SF|VER):/;

/**
 * Guesses a report's format from its first bytes: a SARIF log is a JSON object with `runs`;
 * Cobertura's root element is <coverage>, JUnit's <testsuites> or <testsuite>; an LCOV tracefile
 * starts with a TN, SF or VER record. Undefined when it is none of these.
 */
export function detectFormat(text: string): KnownFormat | undefined {
  const head = text.slice(0, 64 * 1024).replace(/^\uFEFF/, '').trimStart();
  if (head.includes('\u0000')) return undefined;
  if (head.startsWith('{')) return /"runs"\s*:/.test(head) || /sarif/i.test(head.slice(0, 2048)) ? 'sarif' : undefined;
  if (head.startsWith('<')) {
    const { root } = xmlProlog(head);
    if (root === 'coverage') return 'cobertura';
    if (root === 'testsuites' || root === 'testsuite') return 'junit';
    return undefined;
  }
  return LCOV_FIRST_RECORD.test(head) ? 'lcov' : undefined;
}
