// A bar chart drawn on the server as SVG: readable before (and without)
// JavaScript, nothing fetched, nothing for the CSP to allow. recharts, the
// design's chart library, renders only in the browser (recharts 3 prints an
// empty <div> on the server and ResponsiveContainer needs ResizeObserver), so a
// report would be blank until hydrated; these bars need neither. Every chart is
// decorative next to its table: role="img" with a title, and the table below
// carries the same figures for screen readers and keyboards.

export interface ChartSeries {
  name: string;
  /** a Tailwind fill class, e.g. "fill-blue-700" */
  fill: string;
  values: number[];
}

const HEIGHT = 220;
const TOP = 12;
const BOTTOM = 40;
const LEFT = 64;
const BAR = 14;

export function BarChart({ id, title, categories, series, format }: { id: string; title: string; categories: string[]; series: ChartSeries[]; format: (value: number) => string }) {
  const group = Math.max(40, series.length * BAR + 14);
  const width = LEFT + Math.max(categories.length, 1) * group + 8;
  const values = series.flatMap((s) => s.values);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (value: number) => TOP + ((max - value) / span) * plot;
  return (
    <figure className="flex flex-col gap-2" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="font-medium">{title}</figcaption>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${title}: chart, scrolls sideways`}>
        <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} className="text-slate-700">
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>The same figures are in the table that follows.</desc>
          {[max, min].filter((v, i) => i === 0 || v !== 0).map((v) => (
            <text key={`axis-${v}`} x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize="10" className="fill-current">{format(v)}</text>
          ))}
          <line x1={LEFT} x2={width} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
          {categories.map((category, c) => {
            const x0 = LEFT + c * group + (group - series.length * BAR) / 2;
            return (
              <g key={category}>
                {series.map((s, i) => {
                  const value = s.values[c] ?? 0;
                  const top = y(Math.max(value, 0));
                  return (
                    <rect key={s.name} x={x0 + i * BAR} y={top} width={BAR - 2} height={Math.max(value === 0 ? 0 : 1, y(Math.min(value, 0)) - top)} className={s.fill}>
                      <title>{`${category}: ${s.name} ${format(value)}`}</title>
                    </rect>
                  );
                })}
                <text x={LEFT + c * group + group / 2} y={HEIGHT - BOTTOM + 14} textAnchor="middle" fontSize="10" className="fill-current">{category}</text>
              </g>
            );
          })}
        </svg>
      </div>
      {series.length > 1 ? (
        <ul className="flex flex-wrap gap-4 text-sm" aria-hidden="true">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-2"><svg width="12" height="12"><rect width="12" height="12" className={s.fill} /></svg>{s.name}</li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
