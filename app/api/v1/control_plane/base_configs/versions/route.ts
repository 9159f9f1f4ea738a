import { withHandler } from "@/lib/api/handler";
import { baseConfigVersions } from "@/lib/services/configs/views";

// GET /base_configs/versions – every object with its release versions
export const GET = withHandler(async () => ({ baseConfigVersions: await baseConfigVersions() }));
