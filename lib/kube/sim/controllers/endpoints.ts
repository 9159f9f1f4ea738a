// Endpoints: for every Service with a selector, the addresses of the pods it selects
// (Ready pods as addresses, the others as notReadyAddresses).
import { fromLabelSelector, matches } from "../selectors";
import { arr, isObj, labelsOf, obj, str, type Obj } from "../json";
import { resourceByKind } from "../registry";
import type { ControllerContext } from "./context";
import { CONTROLLER_MANAGER, isPodActive, isPodReady, nameOf, namespaceOf, uidOf } from "./util";

const ENDPOINTS = resourceByKind("Endpoints");
const POD = resourceByKind("Pod");

export function reconcileEndpoints(ctx: ControllerContext, svc: Obj): void {
  const ns = namespaceOf(svc);
  const spec = obj(svc.spec);
  if (!isObj(spec.selector)) return;
  const sel = fromLabelSelector({ matchLabels: spec.selector });
  const pods = ctx.api.list(POD, ns).filter((p) => isPodActive(p) && str(obj(p.status).podIP) && matches(sel, labelsOf(p)));
  const address = (p: Obj): Obj => ({
    ip: obj(p.status).podIP,
    nodeName: obj(p.spec).nodeName,
    targetRef: { kind: "Pod", namespace: ns, name: nameOf(p), uid: uidOf(p) },
  });
  const ready = pods.filter(isPodReady).map(address);
  const notReady = pods.filter((p) => !isPodReady(p)).map(address);
  const ports = arr(spec.ports).map((p) => {
    const port = obj(p);
    return { ...(port.name ? { name: port.name } : {}), port: typeof port.targetPort === "number" ? port.targetPort : port.port, protocol: port.protocol ?? "TCP" };
  });
  const subsets = pods.length
    ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }]
    : undefined;
  const desired: Obj = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: nameOf(svc), namespace: ns, labels: obj(svc.metadata).labels ?? {} },
    ...(subsets ? { subsets } : {}),
  };
  const existing = ctx.api.find(ENDPOINTS, ns, nameOf(svc));
  if (!existing) ctx.api.create(ENDPOINTS, ns, desired, { manager: CONTROLLER_MANAGER });
  else ctx.api.writeAs(ENDPOINTS, existing, { ...desired, metadata: { ...obj(existing.metadata), labels: obj(desired.metadata).labels } }, CONTROLLER_MANAGER);
}
