import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { allLabels } from "@/lib/services/configs/label-queries";

// GET /resource_labels – every label
export const GET = withHandler(async () => envelope({ labels: await allLabels() }));

// POST /resource_labels – the same (the reference's example uses POST)
export const POST = GET;
