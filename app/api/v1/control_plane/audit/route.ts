import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { auditQuery } from "@/lib/api/schemas/cluster";
import { auditLog } from "@/lib/services/cluster/audit";

// GET /audit – the audit log of cluster operations, newest first (?limit, ?offset, ?action)
export const GET = withHandler(async ({ query }) => envelope(await auditLog(await query(auditQuery))));
