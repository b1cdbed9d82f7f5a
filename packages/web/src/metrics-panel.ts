import type { EngineEvent, SceneMessage } from './protocol.ts';

type Series = 'detections' | 'hits' | 'misses' | 'warheads' | 'decoys';
const SERIES: Array<{ key: Series; label: string; colour: string }> = [
  { key: 'detections', label: 'detections', colour: '#8ab4ff' },
  { key: 'hits', label: 'intercepts (hit)', colour: '#66ff66' },
  { key: 'misses', label: 'intercepts (miss)', colour: '#ffaa00' },
  { key: 'warheads', label: 'warheads landed', colour: '#ff2020' },
  { key: 'decoys', label: 'decoys landed', colour: '#aaaaaa' },
];

/** The series an event adds one to, if any. */
function seriesOf(e: EngineEvent): Series | undefined {
  if (e.type === 'detect') return 'detections';
  if (e.type === 'intercept') return e.hit ? 'hits' : 'misses';
  if (e.type === 'impact') return e.kind === 'warhead' ? 'warheads' : 'decoys';
  return undefined;
}

/**
 * The run's metrics as this nation has received them: counts by kind, a plot of their running
 * totals against scenario time (an SVG drawn from the received events: counting, no physics), the
 * scene's own metrics when the server sends them, and a link to the full report when it names one.
 */
export class MetricsPanel {
  private readonly times: Record<Series, number[]> = { detections: [], hits: [], misses: [], warheads: [], decoys: [] };
  private start = 0;
  private end = 1;
  private dirty = false;

  constructor(private readonly root: HTMLElement) {
    root.innerHTML = `
      <h2 id="scene-title">–</h2>
      <table id="metrics-counts">${SERIES.map((s) => `<tr><td><span class="swatch" style="background:${s.colour}"></span>${s.label}</td><td id="metric-${s.key}">0</td></tr>`).join('')}</table>
      <div id="metrics-plot"></div>
      <table id="scene-metrics"></table>
      <a id="report-link" target="_blank" rel="noopener" hidden>full report</a>`;
    this.clearCounts();
  }

  setScene(scene: SceneMessage): void {
    this.start = scene.start;
    this.end = scene.end > scene.start ? scene.end : scene.start + 1;
    const extra = this.root.querySelector('#scene-metrics') as HTMLElement;
    extra.replaceChildren();
    const metrics = scene.metrics ?? {};
    for (const [name, value] of Object.entries(metrics)) {
      if (name === 'report' || typeof value === 'object') continue;
      const row = document.createElement('tr');
      row.append(cell(name), cell(typeof value === 'number' ? value.toLocaleString('en', { maximumFractionDigits: 3 }) : String(value)));
      extra.append(row);
    }
    const link = this.root.querySelector('#report-link') as HTMLAnchorElement;
    const report = typeof metrics.report === 'string' ? metrics.report : undefined;
    link.hidden = report === undefined;
    if (report !== undefined) link.href = report;
    (this.root.querySelector('#scene-title') as HTMLElement).textContent =
      `${scene.scenario}${scene.seed !== undefined ? `, seed ${scene.seed}` : ''} — view of ${scene.nation}`;
  }

  add(events: readonly EngineEvent[]): void {
    for (const e of events) {
      const s = seriesOf(e);
      if (s) {
        this.times[s].push(e.t);
        this.dirty = true;
      }
    }
  }

  /** Redraws when something changed (called once per animation frame at most). */
  render(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const { key } of SERIES) (this.root.querySelector(`#metric-${key}`) as HTMLElement).textContent = String(this.times[key].length);
    (this.root.querySelector('#metrics-plot') as HTMLElement).innerHTML = this.plot();
  }

  clearCounts(): void {
    for (const { key } of SERIES) this.times[key] = [];
    this.dirty = true;
  }

  /** Running totals against scenario time, as SVG step lines (log-free: the counts are small). */
  private plot(): string {
    const w = 260,
      h = 110,
      pad = 22;
    const top = Math.max(1, ...SERIES.map((s) => this.times[s.key].length));
    const x = (t: number) => pad + ((t - this.start) / (this.end - this.start)) * (w - pad - 4);
    const y = (n: number) => h - pad + 4 - (n / top) * (h - pad - 4);
    const lines = SERIES.map(({ key, colour }) => {
      const ts = [...this.times[key]].sort((a, b) => a - b);
      if (ts.length === 0) return '';
      let d = `M${x(this.start).toFixed(1)},${y(0).toFixed(1)}`;
      ts.forEach((t, i) => {
        d += ` H${x(t).toFixed(1)} V${y(i + 1).toFixed(1)}`;
      });
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5"/>`;
    }).join('');
    return `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="running totals against scenario time">
      <line x1="${pad}" y1="${y(0)}" x2="${w - 4}" y2="${y(0)}" stroke="#666"/><line x1="${pad}" y1="${y(0)}" x2="${pad}" y2="4" stroke="#666"/>
      <text x="2" y="12" fill="#aaa" font-size="9">${top}</text><text x="${pad}" y="${h - 4}" fill="#aaa" font-size="9">${this.start.toFixed(0)} s</text>
      <text x="${w - 4}" y="${h - 4}" fill="#aaa" font-size="9" text-anchor="end">${this.end.toFixed(0)} s</text>${lines}</svg>`;
  }
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}
