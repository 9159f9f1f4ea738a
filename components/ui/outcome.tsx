import type { ApplyOutcome } from "./api";

/** The result of a write that pushed to the cluster: applied objects, failures with reasons. */
export function OutcomeReport({ outcome, title }: { outcome: ApplyOutcome; title: string }) {
  const failed = Object.entries(outcome.failed);
  const ok = failed.length === 0;
  return (
    <div
      role="status"
      data-testid="apply-outcome"
      className={`rounded border px-3 py-2 text-sm ${ok ? "border-emerald-200 bg-emerald-50" : "border-amber-300 bg-amber-50"}`}
    >
      <div className="font-medium">
        {title}: {ok ? "applied to the cluster" : "stored, but some objects did not reach the cluster"}
      </div>
      <div className="mt-1 text-xs">
        <span className="font-semibold text-emerald-800">successful_apply ({outcome.successful.length})</span>
        {outcome.successful.length > 0 && <span className="ml-1 font-mono text-slate-700">{outcome.successful.join(", ")}</span>}
      </div>
      {!ok && (
        <div className="mt-1 text-xs">
          <span className="font-semibold text-red-800">failed_to_apply ({failed.length})</span>
          <ul className="ml-4 list-disc font-mono text-slate-700">
            {failed.map(([name, reason]) => (
              <li key={name}>
                {name}: {reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ErrorNote({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {error.message}
    </p>
  );
}
