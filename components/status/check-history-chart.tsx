import type { HistoryPoint } from "./types";

/**
 * One check's recent runs: a status strip (green healthy, red failing) under a runtime line.
 * Inline SVG; the newest run is on the right.
 */
export function CheckHistoryChart({ points, label }: { points: HistoryPoint[]; label: string }) {
  const width = 220;
  const height = 40;
  const strip = 6;
  if (points.length === 0) return <span className="text-xs text-slate-400">no history yet</span>;
  const max = Math.max(1, ...points.map((p) => p.runtime_milliseconds));
  const step = width / Math.max(points.length, 1);
  const y = (ms: number) => height - strip - 3 - ((height - strip - 6) * ms) / max;
  const line = points.map((p, i) => `${(i + 0.5) * step},${y(p.runtime_milliseconds).toFixed(1)}`).join(" ");
  const failures = points.filter((p) => p.status !== "healthy").length;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${points.length} runs, ${failures} failed, slowest ${max} ms`}
      className="overflow-visible"
    >
      <title>{`${points.length} runs, ${failures} failed, slowest ${max} ms`}</title>
      {points.map((p, i) => (
        <rect
          key={p.checked_at_epoch_ms}
          x={i * step + 0.5}
          y={height - strip}
          width={Math.max(1, step - 1)}
          height={strip}
          className={p.status === "healthy" ? "fill-emerald-500" : "fill-red-500"}
        >
          <title>{`${new Date(p.checked_at_epoch_ms).toLocaleTimeString()} ${p.status} ${p.runtime_milliseconds} ms`}</title>
        </rect>
      ))}
      <polyline points={line} fill="none" strokeWidth={1.5} className="stroke-sky-600" />
      <text x={width} y={8} textAnchor="end" className="fill-slate-400 text-[9px]">
        {max} ms
      </text>
    </svg>
  );
}
