import { bodyFields } from "@/lib/api/body";
import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { extractSettings, getSettings, updateSettings } from "@/lib/services/settings";

// GET /settings – every setting, defaults included, secrets redacted
export const GET = withHandler(async () => envelope({ settings: await getSettings() }));

// POST /settings – replace the settings (the body must be complete)
export const POST = withHandler(async ({ body }) => {
  await updateSettings(extractSettings(bodyFields(await body())));
  return { updatedConfigs: { successful_apply: [], failed_to_apply: [] } };
});
