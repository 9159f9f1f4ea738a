import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type ControllerRow = Prisma.ControllerStateGetPayload<object>;

export async function listControllerStates(names: readonly string[]): Promise<ControllerRow[]> {
  const prisma = await getPrisma();
  await prisma.controllerState.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
  return prisma.controllerState.findMany({ where: { name: { in: [...names] } }, orderBy: { name: "asc" } });
}

export async function setPaused(names: readonly string[], paused: boolean, updatedBy: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.controllerState.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
  await prisma.controllerState.updateMany({ where: { name: { in: [...names] } }, data: { paused, updatedBy } });
}

/**
 * Takes (or renews) the lease of one controller for `ms`: only one app replica runs a controller
 * at a time. True when this process holds the lease.
 */
export async function takeLease(name: string, owner: string, ms: number): Promise<boolean> {
  const prisma = await getPrisma();
  await prisma.controllerState.createMany({ data: [{ name }], skipDuplicates: true });
  const until = new Date(Date.now() + ms);
  const taken = await prisma.controllerState.updateMany({
    where: { name, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: new Date() } }] },
    data: { leaseOwner: owner, leaseUntil: until },
  });
  return taken.count === 1;
}

export async function saveRun(name: string, run: { state: Prisma.InputJsonValue; error: string | null }): Promise<void> {
  const prisma = await getPrisma();
  await prisma.controllerState.update({ where: { name }, data: { state: run.state, lastError: run.error, lastRunAt: new Date() } });
}
