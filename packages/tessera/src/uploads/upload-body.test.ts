import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { attachmentHeader, decodeUploadBody, storedContentType, storedFilename } from './upload-body.js';

describe('decodeUploadBody', () => {
  it('passes plain data through and decompresses gzip, announced or recognized by its magic bytes', async () => {
    expect(await decodeUploadBody(Buffer.from('SF:a'), { limit: 100 })).toEqual({ data: Buffer.from('SF:a'), gzipped: false });
    const gz = gzipSync('SF:a');
    expect(await decodeUploadBody(gz, { contentEncoding: 'gzip', limit: 100 })).toEqual({ data: Buffer.from('SF:a'), gzipped: true });
    expect(await decodeUploadBody(gz, { limit: 100 })).toEqual({ data: Buffer.from('SF:a'), gzipped: true });
    expect(await decodeUploadBody(Buffer.concat([gzipSync('SF:a\n'), gzipSync('end_of_record\n')]), { limit: 100 })).toMatchObject({ data: Buffer.from('SF:a\nend_of_record\n') });
  });

  it('stops a gzip bomb at the limit, quickly and without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(128 * 1024 * 1024)); // 128 MiB of zeros in about 128 KiB
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const err = await decodeUploadBody(bomb, { limit: 1024 * 1024 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'payload_too_large', status: 413, details: { limit_bytes: 1024 * 1024 } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses other encodings, and gzip that is not gzip or is truncated', async () => {
    await expect(decodeUploadBody(Buffer.from('x'), { contentEncoding: 'br', limit: 100 })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(decodeUploadBody(Buffer.from('x'), { contentEncoding: 'gzip', limit: 100 })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(decodeUploadBody(gzipSync('hello world').subarray(0, 12), { limit: 100 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('truncated') });
  });
});

describe('stored names and types', () => {
  it('keeps only the base name, drops control characters and a decompressed .gz, and falls back to the format', () => {
    expect(storedFilename('build/coverage/lcov.info', 'lcov', false)).toBe('lcov.info');
    expect(storedFilename('..\\..\\evil.xml', 'junit', false)).toBe('evil.xml');
    expect(storedFilename('report.xml.gz', 'junit', true)).toBe('report.xml');
    expect(storedFilename('a\u0000b\u001f.xml', 'junit', false)).toBe('ab.xml');
    expect(storedFilename(undefined, 'sarif', false)).toBe('results.sarif');
    expect(storedFilename('..', 'unknown', false)).toBe('upload.bin');
  });

  it('serves back only report media types, never e.g. text/html', () => {
    expect(storedContentType('application/xml; charset=utf-8', 'junit', false)).toBe('application/xml');
    expect(storedContentType('text/html', 'unknown', false)).toBe('application/octet-stream');
    expect(storedContentType('text/html', 'lcov', false)).toBe('text/plain');
    expect(storedContentType('application/json', 'sarif', true)).toBe('application/sarif+json');
    expect(storedContentType(undefined, 'cobertura', false)).toBe('application/xml');
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentHeader('lcov.info')).toBe(`attachment; filename="lcov.info"; filename*=UTF-8''lcov.info`);
    expect(attachmentHeader('résumé "x".xml')).toBe(`attachment; filename="r_sum___x_.xml"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.xml`);
  });
});
