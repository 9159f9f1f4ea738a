import pLimit from "p-limit";
import { partialFailure } from "@/lib/services/errors";
import type { KubeObject } from "@/lib/kube";
import {
  type HibernatedRow,
  deleteHibernated,
  listHibernated,
  readHibernationFlag,
  recordIfAbsent,
  updateHpaBounds,
  upsertReplicas,
  writeHibernationFlag,
} from "@/lib/store/hibernation";
import { withClusterLock } from "@/lib/store/cluster-lock";
import { getKube } from "../cluster";
import { audit } from "./audit";
import { describeError, withKubeRetries } from "./retry";
import { hpaByTarget, isWorkloadKind, listWorkloadsIn, managerWorkloadTest, platformNamespaces, replicasOf, specOf } from "./workloads";

/**
 * Hibernation (ARCHITECTURE "Cluster"): `hibernate` records the replicas of every Deployment and
 * StatefulSet of the platform's namespaces (and the min/max of the HPA that scales it) and scales
 * them to 0; HPAs stay, Kubernetes disables them while their target is at 0. Workloads the store
 * has no config for are included (the platform is hibernated, not only what we pushed); the
 * Deployment Manager's own workload is not (it would stop the manager that revives the rest).
 * A second hibernate keeps the first record (it only adds workloads that appeared since). While
 * hibernated, pushes apply workloads with 0 replicas and record the config's count instead; the
 * autoscaling controllers do nothing. `revive` restores exactly what was recorded and forgets the
 * record. Both throw a 500 naming the workloads they could not scale (after doing the rest).
 * Both wait for pushes in flight and hold pushes back while they run (lib/store/cluster-lock.ts):
 * a push that read "not hibernated" cannot scale workloads up after hibernate returns, and a push
 * cannot re-record a workload revive just restored.
 */

const PARALLEL = 8;

export type HibernationState = { hibernated: boolean; since: string | null; by: string | null; workloads: HibernatedRow[] };

export async function hibernationState(): Promise<HibernationState> {
  const [flag, workloads] = await Promise.all([readHibernationFlag(), listHibernated()]);
  return { ...flag, workloads };
}

export type HibernateOutcome = { scaled: string[]; recorded: number; failed: Record<string, string> };

export function hibernate(actor: string): Promise<HibernateOutcome> {
  return withClusterLock(() => hibernateNow(actor));
}

async function hibernateNow(actor: string): Promise<HibernateOutcome> {
  const { gateway } = await getKube();
  const flag = await readHibernationFlag();
  const workloads: KubeObject[] = [];
  const records: Parameters<typeof recordIfAbsent>[0][number][] = [];
  const isManager = await managerWorkloadTest(gateway);
  for (const namespace of await platformNamespaces()) {
    const [found, hpas] = await Promise.all([listWorkloadsIn(gateway, namespace), withKubeRetries(() => gateway.listHpas(namespace))]);
    const hpaOf = hpaByTarget(hpas);
    for (const w of found.filter((w) => !isManager(w))) {
      workloads.push(w);
      const hpa = hpaOf.get(`${w.kind}/${namespace}/${w.metadata.name}`);
      const hpaSpec = hpa ? specOf(hpa) : {};
      records.push({
        kind: w.kind,
        namespace,
        name: w.metadata.name,
        replicas: replicasOf(w),
        hpaName: hpa?.metadata.name ?? null,
        hpaMin: typeof hpaSpec.minReplicas === "number" ? hpaSpec.minReplicas : hpa ? 1 : null,
        hpaMax: typeof hpaSpec.maxReplicas === "number" ? hpaSpec.maxReplicas : null,
      });
    }
  }
  await recordIfAbsent(records);
  await writeHibernationFlag({ hibernated: true, since: flag.since ?? new Date().toISOString(), by: flag.by ?? actor });
  const outcome: HibernateOutcome = { scaled: [], recorded: records.length, failed: {} };
  const limit = pLimit(PARALLEL);
  await Promise.all(
    workloads
      .filter((w) => replicasOf(w) !== 0)
      .map((w) =>
        limit(async () => {
          const ref = { kind: w.kind, namespace: w.metadata.namespace!, name: w.metadata.name };
          try {
            await withKubeRetries(() => gateway.scale(ref, 0));
            outcome.scaled.push(`${w.kind}/${ref.namespace}/${ref.name}`);
          } catch (error) {
            outcome.failed[`${w.kind}/${ref.namespace}/${ref.name}`] = describeError(error);
          }
        }),
      ),
  );
  outcome.scaled.sort();
  await audit(actor, "deployment.hibernate", "cluster", { ...outcome, alreadyHibernated: flag.hibernated });
  throwIfFailed("hibernate", outcome.failed);
  return outcome;
}

export type ReviveOutcome = { restored: Record<string, number>; missing: string[]; failed: Record<string, string> };

export function revive(actor: string): Promise<ReviveOutcome> {
  return withClusterLock(() => reviveNow(actor));
}

async function reviveNow(actor: string): Promise<ReviveOutcome> {
  const { gateway } = await getKube();
  const rows = await listHibernated();
  // Pushes from now on apply the config's replicas again.
  await writeHibernationFlag({ hibernated: false, since: null, by: null });
  const outcome: ReviveOutcome = { restored: {}, missing: [], failed: {} };
  const done: HibernatedRow[] = [];
  const limit = pLimit(PARALLEL);
  await Promise.all(
    rows.map((row) =>
      limit(async () => {
        const id = `${row.kind}/${row.namespace}/${row.name}`;
        try {
          const live = await gateway.find({ kind: row.kind, namespace: row.namespace, name: row.name });
          if (!live) {
            outcome.missing.push(id);
          } else {
            await withKubeRetries(() => gateway.scale({ kind: row.kind, namespace: row.namespace, name: row.name }, row.replicas));
            if (row.hpaName) await restoreHpa(row);
            outcome.restored[id] = row.replicas;
          }
          done.push(row);
        } catch (error) {
          outcome.failed[id] = describeError(error);
        }
      }),
    ),
  );
  // What failed stays recorded: a second revive retries it.
  await deleteHibernated(done.map(({ kind, namespace, name }) => ({ kind, namespace, name })));
  outcome.missing.sort();
  await audit(actor, "deployment.revive", "cluster", outcome);
  throwIfFailed("revive", outcome.failed);
  return outcome;
}

/** A partial hibernate or revive is a 500 naming each workload that failed and why (the rest is done). */
function throwIfFailed(what: "hibernate" | "revive", failed: Record<string, string>): void {
  const entries = Object.entries(failed).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return;
  const reasons = entries.map(([workload, reason]) => `${workload}: ${reason}`).join("; ");
  throw partialFailure(
    `${what} could not scale ${entries.length} workload(s) (the others were scaled; the record is kept, ${what} again to retry): ${reasons}`,
  );
}

/** Puts the HPA's bounds back when they changed during hibernation (by someone else). */
async function restoreHpa(row: HibernatedRow): Promise<void> {
  const { gateway } = await getKube();
  const hpa = await gateway.find({ kind: "HorizontalPodAutoscaler", namespace: row.namespace, name: row.hpaName! });
  if (!hpa) return;
  const spec = specOf(hpa);
  const min = row.hpaMin ?? 1;
  if (spec.minReplicas === min && (row.hpaMax === null || spec.maxReplicas === row.hpaMax)) return;
  await withKubeRetries(() =>
    gateway.apply(
      {
        apiVersion: hpa.apiVersion,
        kind: hpa.kind,
        metadata: { name: hpa.metadata.name, namespace: row.namespace },
        spec: { scaleTargetRef: spec.scaleTargetRef, minReplicas: min, ...(row.hpaMax !== null ? { maxReplicas: row.hpaMax } : {}) },
      },
      { fieldManager: "deployment-manager-revive" },
    ),
  );
}

/**
 * The push hook: null when not hibernated; else a function that, for each object about to be
 * applied, keeps workloads at 0 replicas (recording the config's count for revive) and records
 * the bounds of pushed HPAs. A config without `spec.replicas` (an HPA or someone else owns the
 * count) keeps the recorded count; a workload not recorded yet is recorded at Kubernetes' default, 1.
 */
export async function hibernationHook(): Promise<((object: KubeObject) => Promise<void>) | null> {
  if (!(await readHibernationFlag()).hibernated) return null;
  const isManager = await managerWorkloadTest((await getKube()).gateway);
  return async (object) => {
    const namespace = object.metadata.namespace ?? "";
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    if (isWorkloadKind(object.kind) && !isManager(object)) {
      const key = { kind: object.kind, namespace, name: object.metadata.name };
      if (typeof spec.replicas === "number") await upsertReplicas(key, spec.replicas);
      else await recordIfAbsent([{ ...key, replicas: 1, hpaName: null, hpaMin: null, hpaMax: null }]);
      object.spec = { ...spec, replicas: 0 };
    } else if (object.kind === "HorizontalPodAutoscaler") {
      const ref = (spec.scaleTargetRef ?? {}) as { kind?: string; name?: string };
      if (ref.kind && ref.name) {
        await updateHpaBounds(
          { kind: ref.kind, namespace, name: ref.name },
          {
            name: object.metadata.name,
            min: typeof spec.minReplicas === "number" ? spec.minReplicas : 1,
            max: typeof spec.maxReplicas === "number" ? spec.maxReplicas : null,
          },
        );
      }
    }
  };
}
