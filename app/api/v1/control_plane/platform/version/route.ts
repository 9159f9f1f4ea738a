import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { platformReleaseVersion } from "@/lib/services/platform-info";

// GET /platform/version – the newest release version of the stored base configs
export const GET = withHandler(async () => envelope({ release_version: await platformReleaseVersion() }));
