import { z } from "zod";
import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { consoleConfigs } from "@/lib/services/configs/console-queries";

// The console's only body schema: a list of object names (too long for a query string at hundreds of objects).
const namesSchema = z.object({ names: z.array(z.string().min(1).max(512)).max(5_000) });

// POST /console/configs – the newest materialized configs of the named objects (a read; POST carries the list)
export const POST = withHandler(async ({ input }) => envelope({ configs: await consoleConfigs((await input(namesSchema)).names) }));
