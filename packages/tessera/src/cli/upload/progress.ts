import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

/** The body as a stream of chunks that reports how much has been handed to the network. */
export function progressStream(data: Buffer, onProgress: (sent: number, total: number) => void): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + CHUNK, data.length);
      this.push(data.subarray(offset, end));
      offset = end;
      onProgress(offset, data.length);
    },
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A one-line bar redrawn in place on a terminal (stderr); the caller only makes one on a TTY. */
export function progressBar(write: (s: string) => void, label: string) {
  let last = -1;
  return {
    update(sent: number, total: number) {
      const pct = total ? Math.floor((sent / total) * 100) : 100;
      if (pct === last) return;
      last = pct;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${formatBytes(sent)}/${formatBytes(total)}`);
    },
    done() {
      if (last >= 0) write('\r\x1b[2K');
    },
  };
}
