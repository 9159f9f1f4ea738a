import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";

/**
 * Leader election for background loops (health checks, autoscaling controllers): with several
 * replicas on one PostgreSQL, the replica holding a session advisory lock for the loop runs it;
 * if that replica dies its session ends, the lock is freed and another replica takes over at its
 * next tick. With PGlite there is one process, always the leader.
 */
export async function isLeader(loop: string): Promise<boolean> {
  const key = createHash("sha256").update(`dm-leader:${loop}`).digest().readInt32BE(0);
  try {
    return await (await getDb()).db.holdLock(key);
  } catch {
    return false;
  }
}
