// The client benchmark's output: a markdown table, the raw figures as JSON, and an SVG chart of
// each client's speed relative to s3wire, per scenario.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, BUN, DENO, type Runtime } from './workers.ts';

/** One client in one scenario: a figure per round (ops/s, s or MiB/s), or why there is none. */
export interface Series {
  values: number[];
  na?: string;
  peakMiB?: number[];
  baselineMiB?: number[];
  /**
   * The client process's CPU time (user + system, every thread), per round: µs per operation for
   * small objects, µs per MiB for large ones.
   */
  cpuUs?: number[];
  /** Large objects: the fresh process's first request (a HEAD before the transfer), ms per round. */
  firstMs?: number[];
  /** Large objects: MiB/s per round counting that first HEAD's time too, as a transfer in a fresh process would. */
  withFirst?: number[];
}

export interface Results {
  meta: {
    date: string;
    command: string;
    quick: boolean;
    /** The server was on https (absent in runs from before the --tls flag). */
    tls?: boolean;
    machine: ReturnType<typeof machine>;
    /** data: the folder the server keeps its objects in (a tmpfs by default, so no disk bounds it). */
    server: { kind: string; version: string; data?: string };
    versions: Record<string, string>;
    settings: Record<string, number>;
    /** 1, 5 and 15 min load averages, sampled every 10 s. */
    load: number[][];
  };
  clients: Record<string, { label: string; packages: string[]; runtime: Runtime; na?: string }>;
  /** `${op}@${concurrency}` -> client -> ops/s per round. */
  small: Record<string, Record<string, Series>>;
  /** client -> seconds per full listing, per round. */
  list: Record<string, Series>;
  /** direction -> client -> MiB/s per round (and RSS). */
  large: { upload: Record<string, Series>; download: Record<string, Series> };
}

export function machine() {
  let bun = '?';
  try {
    bun = execFileSync(BUN, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* shown as ? */
  }
  let deno = '?';
  try {
    if (DENO) deno = execFileSync(DENO, ['--version'], { encoding: 'utf8' }).split(' ')[1] ?? '?';
  } catch {
    /* shown as ? */
  }
  return {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    bun,
    deno,
    loadAtStart: loadavg(),
  };
}

/** `node v20.20.2, bun 1.4.5, deno 2.9.6` (deno only when it is installed; older results have no deno). */
function runtimeVersions(m: { node: string; bun: string; deno?: string }): string {
  return `node ${m.node}, bun ${m.bun}${m.deno && m.deno !== '?' ? `, deno ${m.deno}` : ''}`;
}

export function versions(packages: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of packages) {
    if (p === 's3wire') {
      const v = (JSON.parse(readFileSync(join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
      let rev = '';
      try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim() !== '';
        rev = ` (src/ of ${head}${dirty ? ' + uncommitted changes' : ''})`;
      } catch {
        /* not a git checkout */
      }
      out[p] = v + rev;
      continue;
    }
    // deno is the root package's (its devDependency), the others the bench's own.
    const from = p === 'deno' ? join(BENCH_DIR, '..', 'node_modules') : join(BENCH_DIR, 'node_modules');
    try {
      out[p] = (JSON.parse(readFileSync(join(from, p, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      out[p] = '?';
    }
  }
  return out;
}

const median = (xs: readonly number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * How fast `a` is relative to `b`: the median over rounds of the ratio within each round (a round
 * that other processes slowed weighs on both alike). `lowerIsBetter` for seconds.
 */
export function ratio(a: Series | undefined, b: Series | undefined, lowerIsBetter = false): number {
  return median(roundRatios(a, b, lowerIsBetter));
}

/** The ratio of `a` to `b` within each round (see ratio). */
function roundRatios(a: Series | undefined, b: Series | undefined, lowerIsBetter = false): number[] {
  if (!a || !b || a.na || b.na) return [];
  const n = Math.min(a.values.length, b.values.length);
  const rs: number[] = [];
  for (let i = 0; i < n; i++) rs.push(lowerIsBetter ? b.values[i]! / a.values[i]! : a.values[i]! / b.values[i]!);
  return rs;
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '?');
const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : '?');
/** The lower and upper quartiles. */
const quartiles = (xs: readonly number[]): [number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  return [q(0.25), q(0.75)];
};
const spread = (xs: readonly number[]) => {
  if (xs.length < 3) return '';
  const [q1, q3] = quartiles(xs);
  return ` ±${Math.round(((q3 - q1) / 2 / median(xs)) * 100)}%`;
};

const SMALL_COLUMNS = ['put', 'get', 'head', 'delete'];

interface Table {
  header: string[];
  rows: string[][];
  notes: string[];
}

function md(t: Table): string {
  const lines = [`| ${t.header.join(' | ')} |`, `|${t.header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...t.rows.map((r) => `| ${r.join(' | ')} |`)];
  if (t.notes.length) lines.push('', ...t.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

const ORDER = ['s3wire', 's3wire-net', 's3wire-unsigned', 's3wire-ranged', 'aws-sdk', 'minio', 'aws4fetch', 'lean-s3', 's3mini', 'bun', 's3wire-bun', 'floor-bun', 's3wire-deno', 'floor-deno', 'floor'];

function clientOrder(_r: Results, ids: Iterable<string>): string[] {
  const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length - 1);
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b));
}

function smallTable(r: Results, c: number): Table {
  const ids = clientOrder(r, Object.keys(r.clients).filter((id) => !id.startsWith('large:')));
  const notes = new Set<string>();
  const rows = ids.map((id) => {
    const row = [r.clients[id]!.label];
    for (const op of SMALL_COLUMNS) {
      const s = r.small[`${op}@${c}`]?.[id];
      const why = r.clients[id]!.na ?? s?.na;
      if (why || !s) {
        row.push('n/a');
        notes.add(`${r.clients[id]!.label}: ${why ?? 'not run'}`);
        continue;
      }
      const vs = id === 's3wire' ? '' : ` (${fmtRatio(ratio(s, r.small[`${op}@${c}`]?.['s3wire']))})`;
      row.push(`${fmt(median(s.values))}${spread(s.values)}${vs}`);
    }
    return row;
  });
  const floorRow = ['**s3wire / floor**'];
  for (const op of SMALL_COLUMNS) floorRow.push(`**${fmtRatio(ratio(r.small[`${op}@${c}`]?.['s3wire'], r.small[`${op}@${c}`]?.['floor']))}**`);
  rows.push(floorRow);
  return { header: ['client', ...SMALL_COLUMNS.map((op) => `${op.toUpperCase()} ops/s`)], rows, notes: [...notes] };
}

/** A series' median client CPU (per op or per MiB), NaN when it has none. */
const medianCpu = (s: Series | undefined) => (s && !s.na && s.cpuUs?.length ? median(s.cpuUs) : NaN);

/** The client's own CPU cost per operation: immune to how busy the server or the machine is. */
function cpuTable(r: Results): Table {
  const ids = clientOrder(r, Object.keys(r.clients).filter((id) => !id.startsWith('large:') && !r.clients[id]!.na));
  const cols = [1, 32].flatMap((c) => SMALL_COLUMNS.map((op) => `${op}@${c}`));
  const cpu = (id: string, col: string) => medianCpu(r.small[col]?.[id]);
  const rows = ids.map((id) => [r.clients[id]!.label, ...cols.map((col) => fmt(cpu(id, col)))]);
  rows.push(['**s3wire - floor**', ...cols.map((col) => `**${fmt(cpu('s3wire', col) - cpu('floor', col))}**`)]);
  const header = ['client', ...cols.map((col) => col.replace(/^(\w+)@(\d+)$/, (_, op: string, c: string) => `${op.toUpperCase()} @${c}`))];
  return { header, rows, notes: [] };
}

function listTable(r: Results): Table {
  const ids = clientOrder(r, Object.keys(r.list));
  const notes: string[] = [];
  const rows = ids.map((id) => {
    const s = r.list[id]!;
    const label = r.clients[id]?.label ?? id;
    const why = r.clients[id]?.na ?? s.na;
    if (why) {
      notes.push(`${label}: ${why}`);
      return [label, 'n/a', ''];
    }
    return [label, `${fmt(median(s.values), 2)}${spread(s.values)}`, id === 's3wire' ? 'baseline' : fmtRatio(ratio(s, r.list['s3wire'], true))];
  });
  return { header: ['client', `seconds for ${fmt(r.meta.settings.listKeys!)} keys`, 'speed vs s3wire'], rows, notes };
}

function largeTable(r: Results, direction: 'upload' | 'download'): Table {
  const t = r.large[direction];
  const ids = clientOrder(r, Object.keys(t));
  const notes: string[] = [];
  const rows = ids.map((id) => {
    const s = t[id]!;
    const label = (r.clients[`large:${id}`]?.label.split(' / ')[direction === 'upload' ? 0 : 1] ?? id).trim();
    if (s.na) {
      notes.push(`${label}: ${s.na}`);
      return [label, 'n/a', '', '', '', '', '', ''];
    }
    const peak = median(s.peakMiB ?? []);
    const base = median(s.baselineMiB ?? []);
    // Results of runs before the first HEAD was timed apart have neither series.
    const first = s.firstMs?.length ? fmt(median(s.firstMs), 1) : '';
    const withFirst = s.withFirst?.length ? `${fmt(median(s.withFirst))} (${id === 's3wire' ? 'baseline' : fmtRatio(ratio({ values: s.withFirst }, { values: t['s3wire']?.withFirst ?? [] }))})` : '';
    return [label, `${fmt(median(s.values))}${spread(s.values)}`, id === 's3wire' ? 'baseline' : fmtRatio(ratio(s, t['s3wire'])), fmt(median(s.cpuUs ?? []) / 1000, 2), fmt(peak), fmt(peak - base), first, withFirst];
  });
  rows.push(['**s3wire / floor**', `**${fmtRatio(ratio(t['s3wire'], t['floor']))}**`, '', '', '', '', '', t['s3wire']?.withFirst?.length ? `**${fmtRatio(ratio({ values: t['s3wire'].withFirst }, { values: t['floor']?.withFirst ?? [] }))}**` : '']);
  return { header: ['client', 'MiB/s', 'vs s3wire', 'client CPU ms per MiB', 'peak RSS MiB', 'peak - idle RSS MiB', 'first HEAD ms', 'MiB/s with the first HEAD (vs s3wire)'], rows, notes };
}

interface Goal {
  text: string;
  value: number;
  met: boolean;
  /** What value is, when it is not a ratio. */
  unit?: 'MiB';
  /** How far apart the rounds were: the middle half of the per-round ratios, and the bar the goal sets. */
  rounds?: { q1: number; q3: number; bar: number };
  /** The client CPU of s3wire and of the client it is compared with (µs per op, or per MiB). */
  cpu?: { s3wire: number; other: number; who: string; unit: string };
}

/** The goal's per-round spread and the CPU of both sides, for a comparison of s3wire's `a` with `b`. */
function detail(a: Series | undefined, b: Series | undefined, bar: number, who: string, unit: string): Pick<Goal, 'rounds' | 'cpu'> {
  const rs = roundRatios(a, b);
  const out: Pick<Goal, 'rounds' | 'cpu'> = {};
  if (rs.length >= 3) {
    const [q1, q3] = quartiles(rs);
    out.rounds = { q1, q3, bar };
  }
  const cpu = { s3wire: medianCpu(a), other: medianCpu(b), who, unit };
  if (Number.isFinite(cpu.s3wire) && Number.isFinite(cpu.other)) out.cpu = cpu;
  return out;
}

/** A goal line's tail: the middle half of the rounds (is the verdict clear of the noise?) and the CPU. */
function goalDetail(g: Goal): string {
  const parts: string[] = [];
  if (g.rounds) {
    const { q1, q3, bar } = g.rounds;
    const where = q1 >= bar ? 'clear of the bar' : q3 < bar ? 'short of the bar' : 'the bar within it: level within the noise';
    parts.push(`middle half of the rounds ${fmtRatio(q1)}-${fmtRatio(q3)}, ${where}`);
  }
  if (g.cpu) {
    // Per op in µs (as the CPU table), per MiB in ms (as the large tables).
    const show = (us: number) => (g.cpu!.unit === 'MiB' ? `${fmt(us / 1000, 2)} ms` : `${fmt(us)} µs`);
    parts.push(`client CPU per ${g.cpu.unit}: s3wire ${show(g.cpu.s3wire)}, ${g.cpu.who} ${show(g.cpu.other)}`);
  }
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Of `others`, the one whose speed is closest to (or above) s3wire's: its id and s3wire's ratio to it. */
function closest(s3wire: Series | undefined, others: ReadonlyArray<readonly [string, Series | undefined]>): [string, number] {
  let best: [string, number] = ['?', Infinity];
  for (const [id, s] of others) {
    const v = ratio(s3wire, s);
    if (Number.isNaN(v)) return ['?', NaN]; // as Math.min would have it: no figure, no verdict
    if (v < best[1]) best = [id, v];
  }
  return best;
}

export function goals(r: Results): Goal[] {
  const out: Goal[] = [];
  // s3wire as it comes (undici), then with netTransport() (its own HTTP/1.1 on node:net) if measured.
  for (const [me, name] of [['s3wire', 's3wire'], ['s3wire-net', 's3wire netTransport()']] as const) {
    for (const op of SMALL_COLUMNS) {
      const sc = r.small[`${op}@32`];
      if (!sc?.[me] || sc[me].na) continue;
      const vsSdk = ratio(sc[me], sc['aws-sdk']);
      if (Number.isFinite(vsSdk)) out.push({ text: `${op.toUpperCase()} @32: ${name} >= 1.5x @aws-sdk/client-s3`, value: vsSdk, met: vsSdk >= 1.5 });
      for (const nodeOnly of [false, true]) {
        const others = Object.keys(sc).filter((id) => !id.startsWith('s3wire') && !id.startsWith('floor') && !sc[id]!.na && !(nodeOnly && id === 'bun'));
        if (!others.length) continue;
        const [who, worst] = closest(sc[me], others.map((id) => [id, sc[id]] as const));
        out.push({ text: `${op.toUpperCase()} @32: ${name} ahead of every other ${nodeOnly ? 'Node client (Bun left out)' : 'client'} (closest: ${who})`, value: worst, met: worst > 1, ...detail(sc[me], sc[who], 1, who, 'op') });
      }
      const vsFloor = ratio(sc[me], sc['floor']);
      out.push({ text: `${op.toUpperCase()} @32: ${name} within 10% of the floor`, value: vsFloor, met: vsFloor >= 0.9, ...detail(sc[me], sc['floor'], 0.9, 'floor', 'op') });
    }
    for (const dir of ['upload', 'download'] as const) {
      const t = r.large[dir];
      if (!t[me] || t[me].na) continue;
      for (const nodeOnly of [false, true]) {
        const others = Object.keys(t).filter((id) => !id.startsWith('s3wire') && id !== 'floor' && !t[id]!.na && !(nodeOnly && id === 'bun'));
        if (!others.length) continue;
        const [who, worst] = closest(t[me], others.map((id) => [id, t[id]] as const));
        out.push({ text: `large ${dir}: ${name} at least the best other ${nodeOnly ? 'Node client (Bun left out)' : 'client'} (best: ${who})`, value: worst, met: worst >= 1, ...detail(t[me], t[who], 1, who, 'MiB') });
      }
      const vsFloor = ratio(t[me], t['floor']);
      out.push({ text: `large ${dir}: ${name} within 10% of the floor`, value: vsFloor, met: vsFloor >= 0.9, ...detail(t[me], t['floor'], 0.9, 'floor', 'MiB') });
    }
  }
  // In Bun's own runtime: s3wire's bun entry against Bun's native client, both measured under bun.
  for (const op of SMALL_COLUMNS) {
    const sc = r.small[`${op}@32`];
    if (!sc?.['s3wire-bun'] || !sc['bun'] || sc['s3wire-bun'].na || sc['bun'].na) continue;
    const v = ratio(sc['s3wire-bun'], sc['bun']);
    out.push({ text: `${op.toUpperCase()} @32 under bun: s3wire (bun entry) ahead of Bun's S3Client`, value: v, met: v > 1, ...detail(sc['s3wire-bun'], sc['bun'], 1, 'bun', 'op') });
    if (sc['floor-bun'] && !sc['floor-bun'].na) {
      const f = ratio(sc['s3wire-bun'], sc['floor-bun']);
      out.push({ text: `${op.toUpperCase()} @32 under bun: s3wire (bun entry) within 10% of Bun's fetch on presigned URLs`, value: f, met: f >= 0.9, ...detail(sc['s3wire-bun'], sc['floor-bun'], 0.9, 'floor-bun', 'op') });
    }
  }
  // In Deno's runtime there is no S3 client of its own: s3wire's deno entry against Deno's fetch on presigned URLs.
  for (const op of SMALL_COLUMNS) {
    const sc = r.small[`${op}@32`];
    if (!sc?.['s3wire-deno'] || !sc['floor-deno'] || sc['s3wire-deno'].na || sc['floor-deno'].na) continue;
    const f = ratio(sc['s3wire-deno'], sc['floor-deno']);
    out.push({ text: `${op.toUpperCase()} @32 under deno: s3wire (deno entry) within 10% of Deno's fetch on presigned URLs`, value: f, met: f >= 0.9, ...detail(sc['s3wire-deno'], sc['floor-deno'], 0.9, 'floor-deno', 'op') });
  }
  for (const dir of ['upload', 'download'] as const) {
    const t = r.large[dir];
    if (!t['s3wire-bun'] || !t['bun'] || t['s3wire-bun'].na || t['bun'].na) continue;
    const v = ratio(t['s3wire-bun'], t['bun']);
    out.push({ text: `large ${dir} under bun: s3wire (bun entry) at least Bun's S3Client`, value: v, met: v >= 1, ...detail(t['s3wire-bun'], t['bun'], 1, 'bun', 'MiB') });
  }
  // Memory, lower is better: s3wire's peak RSS (whole process, median over rounds) beside the
  // other Node clients' and the floor's in the same run, as "their peak / s3wire's".
  for (const dir of ['upload', 'download'] as const) {
    const t = r.large[dir];
    const peakOf = (id: string) => (t[id] && !t[id].na && t[id].peakMiB?.length ? median(t[id].peakMiB) : NaN);
    const mine = peakOf('s3wire');
    if (!Number.isFinite(mine)) continue;
    const others = Object.keys(t).filter((id) => !id.startsWith('s3wire') && id !== 'floor' && id !== 'bun' && Number.isFinite(peakOf(id)));
    if (others.length) {
      const who = others.reduce((a, b) => (peakOf(b) < peakOf(a) ? b : a));
      const v = peakOf(who) / mine;
      out.push({ text: `large ${dir}: s3wire's peak RSS at most the lowest other Node client's (lowest: ${who}, ${fmt(peakOf(who))} MiB; s3wire ${fmt(mine)} MiB)`, value: v, met: v >= 1 });
    }
    const floor = peakOf('floor');
    if (Number.isFinite(floor)) {
      const v = floor / mine;
      out.push({ text: `large ${dir}: s3wire's peak RSS within 10% of the floor's (floor ${fmt(floor)} MiB; s3wire ${fmt(mine)} MiB)`, value: v, met: v >= 1 / 1.1 });
    }
  }
  // What the managed upload buffers: the peak above the idle process, bounded by its settings.
  const up = r.large.upload['s3wire'];
  if (up?.peakMiB?.length && up.baselineMiB?.length) {
    const s = r.meta.settings;
    const bound = (s.partSize! * (s.concurrency! + 1)) / 2 ** 20 + 64;
    const over = Math.max(...up.peakMiB.map((p, i) => p - up.baselineMiB![i]!));
    const setting = `partSize ${s.partSize! / 2 ** 20} MiB x (concurrency ${s.concurrency} + 1) + 64 MiB = ${fmt(bound)} MiB`;
    out.push({ text: `s3wire upload, peak RSS above the idle process (max over rounds) <= ${setting}`, value: over, met: over <= bound, unit: 'MiB' });
  }
  return out;
}

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars: each client's speed relative to s3wire (1.0, the line), one group per scenario. */
export function svg(r: Results): string {
  const groups: { title: string; bars: { id: string; label: string; value: number; na?: string }[] }[] = [];
  const labelOf = (id: string) => r.clients[id]?.label ?? r.clients[`large:${id}`]?.label.split(' / ')[0] ?? id;
  const ids = clientOrder(r, Object.keys(r.clients).map((k) => k.replace(/^large:/, ''))).filter((id) => id !== 's3wire');
  for (const c of [1, 32]) {
    for (const op of SMALL_COLUMNS) {
      const sc = r.small[`${op}@${c}`];
      if (!sc) continue;
      groups.push({ title: `${op.toUpperCase()} 4 KiB, concurrency ${c}`, bars: ids.filter((id) => r.clients[id]).map((id) => ({ id, label: labelOf(id), value: ratio(sc[id], sc['s3wire']), ...((r.clients[id]?.na ?? sc[id]?.na) ? { na: 'n/a' } : {}) })) });
    }
  }
  if (Object.keys(r.list).length) groups.push({ title: `list ${r.meta.settings.listKeys} keys`, bars: ids.filter((id) => r.list[id]).map((id) => ({ id, label: labelOf(id), value: ratio(r.list[id], r.list['s3wire'], true), ...(r.list[id]!.na || r.clients[id]?.na ? { na: 'n/a' } : {}) })) });
  for (const dir of ['upload', 'download'] as const) {
    const t = r.large[dir];
    if (!t['s3wire']) continue;
    const lids = clientOrder(r, Object.keys(t)).filter((id) => id !== 's3wire');
    groups.push({ title: `${dir} ${r.meta.settings.largeMiB} MiB`, bars: lids.map((id) => ({ id, label: (r.clients[`large:${id}`]?.label.split(' / ')[dir === 'upload' ? 0 : 1] ?? id).trim(), value: ratio(t[id], t['s3wire']), ...(t[id]!.na ? { na: 'n/a' } : {}) })) });
  }
  const colorOf = new Map<string, string>();
  for (const g of groups) for (const b of g.bars) if (!colorOf.has(b.id)) colorOf.set(b.id, COLORS[colorOf.size % COLORS.length]!);
  const max = Math.max(2, ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))));
  const left = 300;
  const width = 520;
  const bh = 13;
  const x = (v: number) => left + (Math.min(v, max) / max) * width;
  let y = 50;
  const parts: string[] = [];
  for (const g of groups) {
    parts.push(`<text x="10" y="${y + 12}" font-weight="bold">${esc(g.title)}</text>`);
    y += 18;
    for (const b of g.bars) {
      parts.push(`<text x="${left - 6}" y="${y + 10}" text-anchor="end" font-size="11">${esc(b.label)}</text>`);
      if (b.na || !Number.isFinite(b.value)) parts.push(`<text x="${left + 4}" y="${y + 10}" font-size="11" fill="#888">${b.na ?? 'no figure'}</text>`);
      else {
        parts.push(`<rect x="${left}" y="${y}" width="${(x(b.value) - left).toFixed(1)}" height="${bh - 2}" fill="${colorOf.get(b.id)}"/>`);
        parts.push(`<text x="${x(b.value) + 4}" y="${y + 10}" font-size="11">${b.value.toFixed(2)}x</text>`);
      }
      y += bh;
    }
    y += 10;
  }
  const height = y + 20;
  const ticks = [];
  for (let v = 0; v <= max + 1e-9; v += max > 4 ? 1 : 0.5) ticks.push(`<line x1="${x(v)}" y1="40" x2="${x(v)}" y2="${height - 20}" stroke="${v === 1 ? '#000' : '#ddd'}" stroke-width="${v === 1 ? 1.5 : 1}"/><text x="${x(v)}" y="${height - 6}" text-anchor="middle" font-size="10">${v}x</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">Speed relative to s3wire (1x, the black line; longer is faster than s3wire)</text>`,
    `<text x="10" y="34" font-size="11" fill="#555">${esc(`${r.meta.date.slice(0, 10)}, ${r.meta.server.kind}${r.meta.tls ? ' (https)' : ''}, ${r.meta.machine.cores} x ${r.meta.machine.cpu}, ${runtimeVersions(r.meta.machine)}; median of per-round ratios`)}</text>`,
    ...ticks,
    ...parts,
    '</svg>',
  ].join('\n');
}

export function markdown(r: Results): string {
  const m = r.meta;
  const s = m.settings;
  const loads = m.load.map((l) => l[0]!);
  const out: string[] = [];
  out.push(`# S3 clients against ${m.server.kind}${m.tls ? ' on https' : ''}, ${m.date}${m.quick ? ' (quick run)' : ''}`, '');
  out.push(
    `\`${m.command}\`: ${m.machine.cores} x ${m.machine.cpu}, ${m.machine.memoryGiB} GiB, Linux ${m.machine.kernel}; ${runtimeVersions(m.machine)}; ` +
      `server ${m.server.kind} ${m.server.version} on ${m.tls ? 'https' : 'http'}://127.0.0.1 (same machine${m.tls ? ', a self-signed certificate made for the run' : ''})${m.server.data ? `, its data in ${m.server.data}` : ''}. Load average (1 min) during the run: ${fmt(Math.min(...loads), 2)} to ${fmt(Math.max(...loads), 2)}.`,
    '',
    `Each client runs in a process of its own. Figures are medians over rounds (${s.rounds} for small objects, ${s.listRounds} for listing, ${s.largeRounds} for large objects); ` +
      `±: half the interquartile range over rounds; "(0.50x)" and "vs s3wire": the client's speed relative to s3wire, the median of the per-round ratios (above 1: faster than s3wire).`,
    '',
    `Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  );
  for (const c of [1, 32]) {
    if (!r.small[`put@${c}`]) continue;
    out.push(`## Small objects (${s.smallSize! / 1024} KiB), concurrency ${c}`, '', md(smallTable(r, c)), '');
  }
  if (r.small['put@1']) {
    out.push(
      '## Small objects: client CPU per operation (µs)',
      '',
      "User + system CPU time of the client's process over a run, divided by its operations (median over rounds). Unlike ops/s, it does not depend on how busy the server or the machine was: it is what the client itself costs.",
      '',
      md(cpuTable(r)),
      '',
    );
  }
  if (Object.keys(r.list).length) out.push(`## Listing: ${fmt(s.listKeys!)} keys, every page`, '', md(listTable(r)), '');
  for (const dir of ['upload', 'download'] as const) {
    if (!Object.keys(r.large[dir]).length) continue;
    out.push(
      `## Large objects: ${dir} of ${s.largeMiB} MiB${dir === 'upload' ? ' from a stream of unknown length' : ''}`,
      '',
      `Parts of ${s.partSize! / 2 ** 20} MiB, ${s.concurrency} at once, wherever the library lets the caller choose. Each transfer in a fresh process, after one HEAD of an existing object (the "first HEAD": what the library loads or sets up on its first request, a connection and one round trip), so that MiB/s is the transfer's own; the last column counts the first HEAD's time too, as a first transfer in a fresh process would. Peak RSS is the process's VmHWM at the end, idle RSS its VmRSS after the first HEAD. Client CPU: user + system time of that process over the transfer, every thread (Bun's own HTTP thread too), per MiB moved${dir === 'upload' ? '; it includes making the source\'s bytes, the same work for every client' : ''}. Unlike MiB/s, it does not depend on how much of the machine the server took.`,
      '',
      md(largeTable(r, dir)),
      '',
    );
  }
  const g = goals(r);
  if (g.length) {
    out.push('## Goals', '');
    for (const x of g) out.push(`- ${x.text}: ${x.unit === 'MiB' ? `${fmt(x.value)} MiB` : fmtRatio(x.value)} -> ${x.met ? 'MET' : '**MISSED**'}${goalDetail(x)}`);
    out.push('');
  }
  return out.join('\n');
}

export function writeReport(r: Results): string[] {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  // MinIO's runs are results/latest.*; another server's go beside them (latest-s3s-fs.*), and so
  // do runs on https (latest-tls.*), so a run never replaces another kind's.
  const suffix = (r.meta.server.kind === 'minio' ? '' : `-${r.meta.server.kind}`) + (r.meta.tls ? '-tls' : '') + (r.meta.quick ? '-quick' : '');
  const files = [join(dir, `clients-${r.meta.date.slice(0, 10)}${suffix}.md`), join(dir, `latest${suffix}.md`), join(dir, `latest${suffix}.json`), join(dir, `latest${suffix}.svg`)];
  const text = markdown(r);
  writeFileSync(files[0]!, text);
  writeFileSync(files[1]!, text);
  writeFileSync(files[2]!, JSON.stringify(r, null, 1) + '\n');
  writeFileSync(files[3]!, svg(r) + '\n');
  process.stdout.write(text + '\n');
  return files;
}
