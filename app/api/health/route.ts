import { withHandler } from "@/lib/api/handler";

// GET /api/health – liveness: the process answers (no token; no database, no cluster)
export const GET = withHandler(async () => ({ status: "OK" }), { auth: false });
