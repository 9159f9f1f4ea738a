import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db";
import type { KubeGateway } from "@/lib/kube";
import { getKube } from "../cluster";
import { findInconsistencies } from "../cluster/drift";
import { platformNamespaces } from "../cluster/workloads";
import { type Workload, listWorkloads } from "./platform-objects";

/**
 * The health checks of the platform status board, per component. A check returns its details
 * (healthy) or throws (unhealthy, the error's message as details). One run shares what several
 * checks need (the gateway, the workload list) through a memoized context.
 */

export type RunContext = {
  gateway(): Promise<KubeGateway>;
  workloads(): Promise<Workload[]>;
};

export type CheckDefinition = {
  id: string;
  component: "database" | "kubernetes" | "storage" | "workloads" | "configs";
  isCritical: boolean;
  tags: string[];
  run(ctx: RunContext): Promise<string>;
};

export class CheckFailed extends Error {}

/** A failed check's details: `Check Failed: <the error's message on one line>`, at most 2,000 characters. */
export function failedDetails(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `Check Failed: ${message.replace(/\s+/g, " ").trim() || String(error)}`.slice(0, 2_000);
}

const DASHBOARD = "platform-status-dashboard";
const MIN_FREE_BYTES = 256 * 1024 * 1024;
const MIN_FREE_RATIO = 0.05;

export const DATABASE_CHECK: CheckDefinition = {
  id: "Database Connection",
  component: "database",
  isCritical: true,
  tags: [DASHBOARD, "upgrade"],
  run: async () => {
    const prisma = await getPrisma();
    await prisma.$queryRaw`SELECT 1`;
    return "Check Passed!";
  },
};

export const CHECKS: readonly CheckDefinition[] = [
  DATABASE_CHECK,
  {
    id: "Kubernetes API Server",
    component: "kubernetes",
    isCritical: true,
    tags: [DASHBOARD, "upgrade"],
    run: async (ctx) => {
      const gateway = await ctx.gateway();
      const version = await gateway.version();
      return `Check Passed! ${gateway.info.server} answers (${version.gitVersion})`;
    },
  },
  {
    id: "Platform Namespace",
    component: "kubernetes",
    isCritical: false,
    tags: [DASHBOARD],
    run: async (ctx) => {
      const gateway = await ctx.gateway();
      const namespace = getConfig().namespace;
      const found = await gateway.find({ kind: "Namespace", name: namespace });
      if (!found) throw new CheckFailed(`Namespace '${namespace}' does not exist (nothing has been applied yet?)`);
      return `Check Passed! Namespace '${namespace}' exists`;
    },
  },
  {
    id: "Data Directory Free Space",
    component: "storage",
    isCritical: true,
    tags: [DASHBOARD, "upgrade"],
    run: async () => {
      const dir = getConfig().dataDir;
      const stats = await fs.statfs(dir);
      const free = stats.bavail * stats.bsize;
      const total = stats.blocks * stats.bsize;
      const summary = `${formatBytes(free)} free of ${formatBytes(total)} (${((free / total) * 100).toFixed(1)}%) in ${dir}`;
      if (free < MIN_FREE_BYTES || free / total < MIN_FREE_RATIO) {
        throw new CheckFailed(`Low disk space: ${summary}; at least ${formatBytes(MIN_FREE_BYTES)} and ${MIN_FREE_RATIO * 100}% are needed`);
      }
      return `Check Passed! ${summary}`;
    },
  },
  {
    id: "Data Directory Writable",
    component: "storage",
    isCritical: true,
    tags: [DASHBOARD],
    run: async () => {
      const probe = path.join(getConfig().dataDir, `.health-${randomUUID()}`);
      try {
        await fs.writeFile(probe, "ok");
        if ((await fs.readFile(probe, "utf8")) !== "ok") throw new CheckFailed("A probe file read back differently");
      } finally {
        await fs.rm(probe, { force: true });
      }
      return "Check Passed!";
    },
  },
  {
    id: "Workload Inventory",
    component: "workloads",
    isCritical: false,
    tags: [DASHBOARD],
    run: async (ctx) => {
      const workloads = await ctx.workloads();
      const notReady = workloads.filter((w) => w.ready < w.desired).length;
      return `Check Passed! ${workloads.length} Deployments/StatefulSets, ${notReady} not ready (see their workload: checks)`;
    },
  },
  {
    id: "Config Drift",
    component: "configs",
    isCritical: false,
    tags: [DASHBOARD],
    run: async () => {
      const drift = await findInconsistencies();
      const drifted = Object.keys(drift.inconsistentResources).sort();
      const compared = drifted.length + drift.consistentResources.length;
      const skipped = Object.keys(drift.skippedResources).length;
      const note = skipped ? ` (${skipped} not compared: see configs/k8s-inconsistencies)` : "";
      if (drifted.length) {
        const list = drifted.slice(0, 20).join(", ");
        throw new CheckFailed(`${drifted.length} of ${compared} configs differ from the cluster: ${list}${drifted.length > 20 ? ", …" : ""}${note}`);
      }
      return `Check Passed! ${compared} configs match the cluster${note}`;
    },
  },
];

export const WORKLOAD_CHECK_PREFIX = "workload:";

/**
 * One check per Deployment/StatefulSet, `workload:<namespace>/<kind>/<name>`: ready vs desired
 * replicas. Critical: a workload below its desired replicas is a platform service short of capacity
 * or down.
 */
export function workloadCheck(workload: Workload): CheckDefinition {
  return {
    id: `${WORKLOAD_CHECK_PREFIX}${workload.namespace}/${workload.kind}/${workload.name}`,
    component: "workloads",
    isCritical: true,
    tags: [DASHBOARD, "upgrade", `namespace:${workload.namespace}`, `kind:${workload.kind}`],
    run: async () => {
      const summary = `${workload.ready}/${workload.desired} replicas ready`;
      if (workload.ready < workload.desired) throw new CheckFailed(`${workload.kind} '${workload.name}': ${summary}`);
      return `Check Passed! ${summary}`;
    },
  };
}

export function createRunContext(): RunContext {
  const memo = <T>(fn: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= fn());
  };
  const gateway = memo(async () => (await getKube()).gateway);
  const workloads = memo(async () => listWorkloads(await gateway(), await platformNamespaces()));
  return { gateway, workloads };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}
