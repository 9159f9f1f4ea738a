import { withHandler } from "@/lib/api/handler";
import { envelope } from "@/lib/api/responses";
import { kindParam } from "@/lib/api/schemas/cluster";
import { getKindSchemaOrThrow } from "@/lib/services/cluster/kind-schema";

// GET /console/schema/KIND – the kind's compact schema from the cluster's OpenAPI (fields and value types), for the patch editor's checks
export const GET = withHandler<{ kind: string }>(async ({ params }) => envelope(await getKindSchemaOrThrow(kindParam.parse(params.kind))));
