import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { availableParallelism } from 'node:os';

/** What the numbers were measured on: recorded in every result, since they mean little without it. */
export function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    load_average: loadavg().map((l) => Number(l.toFixed(2))),
    commit,
  };
}

export function describeMachine(m = machine()) {
  return `${m.nproc} CPUs (${m.cpu}), node ${m.node}, load average ${m.load_average.join(' ')}, commit ${m.commit}`;
}
