import fs from "node:fs";
import { Readable } from "node:stream";
import { withHandler } from "@/lib/api/handler";
import { exportDownload } from "@/lib/services/telemetry/export-job";

// GET /obs/telescope/export/:id/download – the finished bundle (zip)
export const GET = withHandler<{ id: string }>(async ({ params }) => {
  const { file, filename } = await exportDownload(params.id);
  const size = (await fs.promises.stat(file)).size;
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });
});
