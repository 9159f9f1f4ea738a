import { ApiError } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";
import { checkDatabaseConnection } from "@/lib/services/platform-info";

const READY_TIMEOUT_MS = 2_000;

// GET /api/health/ready – readiness: the database answers within 2 s (no token)
export const GET = withHandler(
  async () => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), READY_TIMEOUT_MS).unref());
    try {
      await Promise.race([checkDatabaseConnection(), timeout]);
    } catch {
      throw new ApiError("unavailable", "Not ready: the database does not answer");
    }
    return { status: "OK" };
  },
  { auth: false },
);
