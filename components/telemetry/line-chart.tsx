/** A small multi-series line chart (inline SVG): x is time, one polyline per series. */

export type Series = { name: string; points: { t: number; v: number }[] };

const COLORS = ["stroke-sky-600", "stroke-emerald-600", "stroke-amber-600", "stroke-fuchsia-600", "stroke-slate-600", "stroke-red-600"];

export function LineChart({ series, unit, label }: { series: Series[]; unit: string; label: string }) {
  const width = 560;
  const height = 140;
  const pad = 28;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return <p className="text-sm text-slate-400">No data in this window.</p>;
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(t0 + 1, ...all.map((p) => p.t));
  const max = Math.max(1, ...all.map((p) => p.v));
  const x = (t: number) => pad + ((width - pad - 4) * (t - t0)) / (t1 - t0);
  const y = (v: number) => height - 16 - ((height - 24) * v) / max;
  return (
    <figure>
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="max-w-2xl">
        <line x1={pad} x2={width} y1={height - 16} y2={height - 16} className="stroke-slate-200" />
        <text x={pad - 4} y={12} textAnchor="end" className="fill-slate-400 text-[10px]">
          {Math.round(max)}
        </text>
        <text x={pad - 4} y={height - 16} textAnchor="end" className="fill-slate-400 text-[10px]">
          0
        </text>
        <text x={pad} y={height - 2} className="fill-slate-400 text-[10px]">
          {new Date(t0).toLocaleString()}
        </text>
        <text x={width} y={height - 2} textAnchor="end" className="fill-slate-400 text-[10px]">
          {new Date(t1).toLocaleString()}
        </text>
        {series.map((s, i) =>
          s.points.length === 1 ? (
            <circle key={s.name} cx={x(s.points[0]!.t)} cy={y(s.points[0]!.v)} r={2.5} className={`${COLORS[i % COLORS.length]} fill-none`} strokeWidth={1.5} />
          ) : (
            <polyline
              key={s.name}
              fill="none"
              strokeWidth={1.5}
              className={COLORS[i % COLORS.length]}
              points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ")}
            />
          ),
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-slate-600">
        {series.map((s, i) => (
          <span key={s.name} className="inline-flex items-center gap-1">
            <svg width="12" height="4" aria-hidden>
              <line x1="0" x2="12" y1="2" y2="2" strokeWidth={2} className={COLORS[i % COLORS.length]} />
            </svg>
            {s.name}
          </span>
        ))}
        <span className="text-slate-400">({unit})</span>
      </figcaption>
    </figure>
  );
}
