// Defaulting as the API server does it on every write (only the fields clients commonly see).
import { arr, child, isObj, obj, str, type Obj } from "./json";
import type { ResourceType } from "./registry";

function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

function defaultContainer(c: Obj): void {
  const image = str(c.image) ?? "";
  const tag = image.includes("@") ? "digest" : (/:([^/:]+)$/.exec(image)?.[1] ?? "latest");
  setDefault(c, "imagePullPolicy", tag === "latest" ? "Always" : "IfNotPresent");
  setDefault(c, "terminationMessagePath", "/dev/termination-log");
  setDefault(c, "terminationMessagePolicy", "File");
  setDefault(c, "resources", {});
  for (const p of arr(c.ports)) if (isObj(p)) setDefault(p, "protocol", "TCP");
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "schedulerName", "default-scheduler");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  for (const key of ["containers", "initContainers"]) for (const c of arr(spec[key])) if (isObj(c)) defaultContainer(c);
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec.template);
  if (isObj(spec.template)) defaultPodSpec(child(template, "spec"));
}

export function applyDefaults(rt: ResourceType, o: Obj): void {
  const spec = isObj(o.spec) ? o.spec : undefined;
  switch (rt.kind) {
    case "Pod":
      if (spec) defaultPodSpec(spec);
      break;
    case "Deployment":
      if (!spec) break;
      setDefault(spec, "replicas", 1);
      setDefault(spec, "revisionHistoryLimit", 10);
      setDefault(spec, "progressDeadlineSeconds", 600);
      setDefault(spec, "strategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
      defaultTemplate(spec);
      break;
    case "StatefulSet":
      if (!spec) break;
      setDefault(spec, "replicas", 1);
      setDefault(spec, "podManagementPolicy", "OrderedReady");
      setDefault(spec, "revisionHistoryLimit", 10);
      setDefault(spec, "updateStrategy", { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
      defaultTemplate(spec);
      break;
    case "ReplicaSet":
      if (!spec) break;
      setDefault(spec, "replicas", 1);
      defaultTemplate(spec);
      break;
    case "DaemonSet":
      if (spec) defaultTemplate(spec);
      break;
    case "Job":
      if (!spec) break;
      setDefault(spec, "parallelism", 1);
      setDefault(spec, "completions", 1);
      setDefault(spec, "backoffLimit", 6);
      setDefault(spec, "completionMode", "NonIndexed");
      setDefault(spec, "suspend", false);
      defaultTemplate(spec);
      break;
    case "Service":
      if (!spec) break;
      setDefault(spec, "type", "ClusterIP");
      setDefault(spec, "sessionAffinity", "None");
      setDefault(spec, "ipFamilies", ["IPv4"]);
      setDefault(spec, "ipFamilyPolicy", "SingleStack");
      setDefault(spec, "internalTrafficPolicy", "Cluster");
      for (const p of arr(spec.ports)) {
        if (!isObj(p)) continue;
        setDefault(p, "protocol", "TCP");
        setDefault(p, "targetPort", p.port);
      }
      break;
    case "Secret": {
      // As the API server does: stringData is write-only, merged into data (base64) on every write.
      setDefault(o, "type", "Opaque");
      if (isObj(o.stringData)) {
        const data = child(o, "data");
        for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
        delete o.stringData;
      }
      break;
    }
    case "Namespace": {
      const labels = child(child(o, "metadata"), "labels");
      const name = str(obj(o.metadata).name);
      if (name) labels["kubernetes.io/metadata.name"] = name;
      setDefault(child(o, "spec"), "finalizers", ["kubernetes"]);
      setDefault(child(o, "status"), "phase", "Active");
      break;
    }
  }
}
