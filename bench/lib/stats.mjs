/** Latency statistics over a list of durations (any unit). */
export function summarize(values) {
  const s = Float64Array.from(values).sort();
  const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN);
  let sum = 0;
  for (const v of s) sum += v;
  return { n: s.length, p50: at(50), p90: at(90), p99: at(99), max: s.length ? s[s.length - 1] : NaN, mean: s.length ? sum / s.length : NaN };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** "1.23× target (≥ 0.80): met" style verdicts, printed and stored the same way everywhere. */
export function verdict(name, value, target, { higherIsBetter = true, unit = '' } = {}) {
  const ratio = target === 0 ? (value === 0 ? 0 : Infinity) : value / target;
  const met = higherIsBetter ? value >= target : value <= target;
  const line = `${name}: ${fmt(value, Number.isInteger(value) ? 0 : value < 10 ? 2 : 0)}${unit} vs target ${higherIsBetter ? "≥" : "≤"} ${fmt(target, Number.isInteger(target) ? 0 : 2)}${unit} → ${target === 0 ? '' : `${fmt(ratio, 2)}× the target, `}${met ? 'MET' : 'NOT MET'}`;
  console.log(line);
  return { name, value, target, comparison: higherIsBetter ? '>=' : '<=', ratio_to_target: ratio, met, unit };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Serial loop for `seconds`: each operation awaited before the next; per-operation latency in µs. */
export async function serialLoop(seconds, op, { warmup = 200, record = true, maxOps = Infinity } = {}) {
  for (let i = 0; i < warmup; i++) await op(i);
  const lat = [];
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end && ops < maxOps) {
    const t0 = now;
    await op(ops);
    ops++;
    now = process.hrtime.bigint();
    if (record) lat.push(Number(now - t0) / 1000);
  }
  const secs = Number(now - start) / 1e9;
  return { ops, seconds: secs, per_second: ops / secs, latency_us: record ? summarize(lat) : undefined };
}

/** Throughput with `concurrency` operations in flight for `seconds`. */
export async function concurrentLoop(seconds, concurrency, op) {
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (process.hrtime.bigint() < end) {
        await op(ops++);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { ops, seconds: secs, per_second: ops / secs, concurrency };
}

/** Runs op(i) for every i in [from, to) with `concurrency` in flight; throughput. */
export async function concurrentOver(from, to, concurrency, op) {
  let next = from;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) await op(next++);
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { ops: to - from, seconds: secs, per_second: (to - from) / secs, concurrency };
}

/**
 * A CPU-bound rate on a shared machine: `segments` serial runs of `seconds` each; the median rate
 * is the figure (others' load comes and goes), every segment's rate is kept.
 */
export async function medianRate(segments, seconds, op) {
  const rates = [];
  const cpuRates = [];
  for (let i = 0; i < segments; i++) {
    if (!i) for (let k = 0; k < 2000; k++) await op(k);
    const cpu0 = process.cpuUsage();
    const r = await serialLoop(seconds, op, { warmup: 0, record: false });
    const cpu = process.cpuUsage(cpu0);
    rates.push(r.per_second);
    // Operations per second of CPU time this process used (all its threads, GC included): what
    // one core does when nothing else competes for it.
    cpuRates.push(r.ops / ((cpu.user + cpu.system) / 1e6));
  }
  return { per_second: median(rates), segment_rates: rates, per_cpu_second: median(cpuRates), segment_cpu_rates: cpuRates, segment_seconds: seconds };
}
