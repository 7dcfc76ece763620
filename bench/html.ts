/**
 * bench.html: the bench result as one self-contained page (no scripts, no network) — the machine, the
 * targets, a table per scenario, and inline SVG latency plots (percentile curves on an HDR-style axis:
 * 50, 90, 99, 99.9 evenly spaced) for the latency series the scenarios kept. A separate page rather than
 * a section of the conformance report: the bench is a separate run with its own model (bench.json).
 * The latency axis is logarithmic, so p50 differences stay visible beside the tail.
 */
import type { BenchResult } from './bench.ts';
import type { FigureResult, Spread } from './figures.ts';
import { Histogram, type HistogramData } from './histogram.ts';
import { formatNumber } from './table.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9];

function cell(s: Spread | undefined, unit: string, sign = false): string {
  if (!s) return '';
  const f = (v: number) => `${sign && v >= 0 ? '+' : ''}${formatNumber(v, unit)}`;
  const u = unit === '×' ? '×' : ` ${unit}`;
  return s.values.length > 1 && s.min !== s.max ? `${f(s.median)}${u} <small>[${f(s.min)}–${f(s.max)}]</small>` : `${f(s.median)}${u}`;
}

function figureRow(f: FigureResult): string {
  const verdict = f.target ? `<span class="${f.target.verdict === 'PASS' ? 'pass' : 'miss'}">${f.target.verdict}</span> ${esc(f.target.text)}` : '';
  return `<tr><td>${esc(f.label)}</td><td>${f.ratio ? cell(f.ratio, '×') : f.isBaseline ? '<i>baseline</i>' : '—'}</td><td>${esc(f.baseline?.label ?? '')}</td>`
    + `<td>${cell(f.value, f.unit)}</td><td>${cell(f.baseline?.value, f.unit)}</td><td>${cell(f.added, f.unit, true)}</td><td>${verdict}</td></tr>`;
}

/** x position of a percentile on the HDR axis: −log10(1 − p/100), so 90, 99, 99.9 are evenly spaced. */
const hdrX = (p: number) => -Math.log10(1 - Math.min(p, 99.99) / 100);

export function latencyPlot(title: string, series: [name: string, data: HistogramData][]): string {
  const W = 640, H = 260, L = 56, R = 150, T = 24, B = 36;
  const curves = series.map(([name, data]) => {
    const h = Histogram.from(data);
    return { name, points: PERCENTILES.map((p) => [p, h.percentile(p) / 1e6] as const) };
  });
  const all = curves.flatMap((c) => c.points.map(([, v]) => v)).filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.max(Math.min(...all, 1), 1e-3)));
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...all, 1e-3))), lo + 1);
  const maxX = hdrX(99.9);
  const x = (p: number) => L + (hdrX(p) / maxX) * (W - L - R);
  const y = (v: number) => T + (1 - (Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (H - T - B);
  const ticks = [0, 50, 90, 99, 99.9].map((p) => `<line x1="${x(p)}" y1="${T}" x2="${x(p)}" y2="${H - B}" class="grid"/><text x="${x(p)}" y="${H - B + 14}" text-anchor="middle">${p}%</text>`).join('');
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const yTicks = decades.map((v) => `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v.toFixed(0) : v.toString()}</text><line x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" class="grid"/>`).join('');
  const lines = curves.map((c, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const d = c.points.map(([p, v]) => `${x(p).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${d}"/>`
      + `<rect x="${W - R + 12}" y="${T + i * 18}" width="12" height="4" fill="${colour}"/><text x="${W - R + 30}" y="${T + i * 18 + 6}">${esc(c.name)}</text>`;
  }).join('');
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`
    + `${ticks}${yTicks}${lines}<text x="${L}" y="14" class="title">${esc(title)} (ms by percentile, log scale)</text></svg></figure>`;
}

function plots(result: BenchResult): string {
  const groups = new Map<string, [string, HistogramData][]>();
  for (const [series, data] of Object.entries(result.histograms)) {
    const at = series.lastIndexOf(' ');
    const group = series.slice(0, at);
    groups.set(group, [...(groups.get(group) ?? []), [series.slice(at + 1), data]]);
  }
  return [...groups].map(([group, series]) => latencyPlot(group, series)).join('\n');
}

export function benchHtml(result: BenchResult): string {
  const m = result.machine;
  const targets = result.targets.map((t) => `<li><span class="${t.verdict === 'PASS' ? 'pass' : 'miss'}">${t.verdict}</span> ${esc(t.scenario)} — ${esc(t.figure)}: ${esc(t.text)}, measured ${t.on === 'ratio' ? `${formatNumber(t.measured, '×')}×` : `${formatNumber(t.measured, t.unit)} ${esc(t.unit)}`}</li>`).join('');
  const scenarios = result.scenarios.map((s) => `<section><h2>${esc(s.id)} — ${esc(s.title)}</h2><p>${esc(s.description)} ${s.repeats} ${s.repeats === 1 ? 'run' : 'repeats'}.</p>`
    + `<table><thead><tr><th>figure</th><th>ratio</th><th>baseline</th><th>value</th><th>baseline value</th><th>added</th><th>target</th></tr></thead><tbody>${s.figures.map(figureRow).join('')}</tbody></table>`
    + (s.notes.length ? `<ul class="notes">${s.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '') + '</section>').join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Touchstone bench ${esc(result.startedAt)}</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;white-space:nowrap}small{color:#777}
.pass{color:#fff;background:#2a7d2a;padding:0 .3rem;border-radius:3px}.miss{color:#fff;background:#b3261e;padding:0 .3rem;border-radius:3px}
svg text{font:11px system-ui,sans-serif;fill:#444}svg .title{font-weight:600}svg .grid{stroke:#eee}.notes{color:#7a4b00}
</style></head><body><h1>Touchstone bench</h1>
<p>${esc(m.cpuModel)}, ${m.cpus} CPUs, ${m.totalMemoryMB} MB, node ${esc(m.node)}, ${esc(m.platform)} ${esc(m.arch)}; load average ${m.loadAverage.start.toFixed(2)} → ${m.loadAverage.end.toFixed(2)}.
Run ${esc(result.startedAt)}, ${(result.durationMs / 1000).toFixed(0)} s: <code>${esc(result.command)}</code>. Every figure is a ratio to a baseline measured in the same repeat; median [min–max] over repeats.</p>
<h2>Targets</h2><ul>${targets || '<li>none in the selected scenarios</li>'}</ul>
${plots(result)}
${scenarios}
</body></html>
`;
}
