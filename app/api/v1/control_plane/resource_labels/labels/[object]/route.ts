import { withHandler } from "@/lib/api/handler";
import { labelsOfObject } from "@/lib/services/configs/label-queries";

// GET /resource_labels/labels/OBJECT_NAME – the labels bound to an object
export const GET = withHandler<{ object: string }>(async ({ params }) => ({ labels: await labelsOfObject(params.object) }));
