import { isLeader } from "@/lib/jobs/leader";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { listControllerStates, saveRun, setPaused, takeLease } from "@/lib/store/controllers";
import { readHibernationFlag } from "@/lib/store/hibernation";
import { getKube } from "../../cluster";
import { audit } from "../audit";
import { describeError } from "../retry";
import { platformNamespaces } from "../workloads";
import { binaryAutoscaler } from "./binary-autoscaler";
import { scaleDownToZero } from "./scale-down-to-zero";
import type { Controller } from "./types";

/**
 * The background loop of the autoscaling controllers: one tick every TICK_MS, the next one
 * scheduled only after the previous finished (ticks never overlap). Each tick runs every controller
 * that is not paused (the paused flag lives in the DB, so it survives restarts and is shared by
 * replicas), under a DB lease so one app replica runs a controller at a time. Nothing runs while
 * the cluster is hibernated. Scale changes are written to the audit log as the controller.
 */

export const CONTROLLERS: readonly Controller[] = [binaryAutoscaler, scaleDownToZero];
export const CONTROLLER_NAMES = CONTROLLERS.map((c) => c.name);
export const TICK_MS = 2_000;
const LEASE_MS = 5 * TICK_MS;

type Runner = { stop(): Promise<void>; idle(): Promise<void> };
const globalForRunner = globalThis as typeof globalThis & { __dmControllers?: Runner };
const owner = randomUUID();

export async function runTick(now = new Date()): Promise<void> {
  if ((await readHibernationFlag()).hibernated) return;
  const states = new Map((await listControllerStates(CONTROLLER_NAMES)).map((s) => [s.name, s]));
  const active = CONTROLLERS.filter((c) => !states.get(c.name)?.paused);
  if (active.length === 0) return;
  const [{ gateway }, namespaces] = await Promise.all([getKube(), platformNamespaces()]);
  for (const controller of active) {
    if (!(await takeLease(controller.name, owner, LEASE_MS))) continue;
    const memory = (states.get(controller.name)?.state ?? {}) as Record<string, unknown>;
    try {
      const result = await controller.tick({ gateway, namespaces, now, memory });
      await saveRun(controller.name, { state: result.memory as Prisma.InputJsonValue, error: null });
      for (const action of result.actions) {
        await audit(`controller:${controller.name}`, "autoscaling.scale", action.workload, action);
      }
    } catch (error) {
      await saveRun(controller.name, { state: memory as Prisma.InputJsonValue, error: describeError(error) });
    }
  }
}

/** Starts the loop once per process (start-up calls it); returns its handle. */
export function startControllers(): Runner {
  if (globalForRunner.__dmControllers) return globalForRunner.__dmControllers;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    // With several replicas on one PostgreSQL, only the leader runs the controllers.
    current = isLeader("autoscaling-controllers")
      .then((leader) => (leader ? runTick() : undefined))
      .catch((error: unknown) => console.error(`[controllers] tick failed: ${describeError(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, TICK_MS);
      });
  };
  timer = setTimeout(loop, TICK_MS);
  timer.unref?.();
  const runner: Runner = {
    idle: () => current,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      globalForRunner.__dmControllers = undefined;
    },
  };
  globalForRunner.__dmControllers = runner;
  return runner;
}

export type ControllerStatus = Record<string, "running" | "paused">;

export async function controllerStatus(): Promise<ControllerStatus> {
  const states = await listControllerStates(CONTROLLER_NAMES);
  return Object.fromEntries(CONTROLLERS.map((c) => [c.name, states.find((s) => s.name === c.name)?.paused ? "paused" : "running"]));
}

export async function controllerDetails() {
  const [states, flag] = await Promise.all([listControllerStates(CONTROLLER_NAMES), readHibernationFlag()]);
  return CONTROLLERS.map((c) => {
    const s = states.find((x) => x.name === c.name);
    return {
      name: c.name,
      description: c.description,
      status: s?.paused ? "paused" : "running",
      idleBecauseHibernated: flag.hibernated,
      updatedBy: s?.updatedBy ?? null,
      lastRunAt: s?.lastRunAt?.toISOString() ?? null,
      lastError: s?.lastError ?? null,
    };
  });
}

/** Pauses or resumes the named controllers (all when none named); a tick in flight here finishes first. */
export async function setControllersPaused(paused: boolean, actor: string, name?: string): Promise<ControllerStatus> {
  const names = name ? [name] : CONTROLLER_NAMES;
  await setPaused(names, paused, actor);
  await globalForRunner.__dmControllers?.idle();
  await audit(actor, paused ? "autoscaling.pause" : "autoscaling.resume", names.join(","), { controllers: names });
  return controllerStatus();
}
