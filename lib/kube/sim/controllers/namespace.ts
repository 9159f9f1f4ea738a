// Namespace: a terminating namespace (deletionTimestamp set) is emptied and removed after the
// pods' termination delay (`podReadyDelayMs`), so clients see it Terminating for a moment.
import { obj, str, type Obj } from "../json";
import type { ControllerContext } from "./context";
import { nameOf } from "./util";

export function reconcileNamespace(ctx: ControllerContext, ns: Obj): void {
  const since = Date.parse(str(obj(ns.metadata).deletionTimestamp) ?? "");
  if (!Number.isFinite(since)) return;
  const due = ctx.firstSeen(`terminating/${nameOf(ns)}`) + ctx.timing.podReadyDelayMs;
  if (Date.now() < due) {
    ctx.after(due - Date.now(), "Namespace", "", nameOf(ns));
    return;
  }
  ctx.api.purgeNamespace(nameOf(ns));
}
