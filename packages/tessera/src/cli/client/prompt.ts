import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Questions asked on a terminal: a line of text, a hidden password (nothing echoed), a yes/no
 * confirmation. Prompts go to stderr so stdout stays clean for results. Callers check that
 * stdin is a terminal first: these are never used in CI.
 */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const defaults = (): PromptStreams => ({ input: process.stdin, output: process.stderr });

export function ask(question: string, streams: PromptStreams = defaults()): Promise<string> {
  return question_(question, streams, false);
}

/** Reads a line without echoing it (the terminal shows nothing while typing). */
export function askHidden(question: string, streams: PromptStreams = defaults()): Promise<string> {
  return question_(question, streams, true);
}

export async function confirm(question: string, streams: PromptStreams = defaults()): Promise<boolean> {
  const answer = await ask(`${question} [y/N] `, streams);
  return /^y(es)?$/i.test(answer.trim());
}

function question_(question: string, streams: PromptStreams, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) streams.output.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: streams.input, output, terminal: (streams.input as { isTTY?: boolean }).isTTY === true });
  return new Promise<string>((resolve, reject) => {
    rl.on('SIGINT', () => {
      rl.close();
      streams.output.write('\n');
      reject(new PromptCancelled());
    });
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) streams.output.write('\n');
      resolve(answer);
    });
    muted = hidden; // the question itself was written; mute what is typed after it
  });
}

export class PromptCancelled extends CliError {
  constructor() {
    super('cancelled', EXIT.usage);
    this.name = 'PromptCancelled';
  }
}

/** Reads all of stdin as text, exactly as given (no trimming). */
export async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
