import { ApiError } from "@/lib/api/errors";
import { withHandler } from "@/lib/api/handler";
import { checkDatabaseConnection } from "@/lib/services/platform-info";

// GET /database/connection – test the connection to the database
export const GET = withHandler(async () => {
  try {
    const report = await checkDatabaseConnection();
    return { status: "OK", database: report.kind, latencyMs: report.latencyMs, serverVersion: report.serverVersion };
  } catch {
    throw new ApiError("internal", "Database connection failed");
  }
});
