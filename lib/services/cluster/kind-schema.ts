import { notFound, unavailable } from "@/lib/services/errors";
import { type KindSchema, kindSchema } from "@/lib/kube/kind-schema";
import { getKube } from "@/lib/services/cluster";
import { asKubeError, describeError } from "./retry";

/** How long a kind's schema is kept: a cluster's schemas change only with an upgrade or a new CRD. */
const KIND_SCHEMA_TTL_MS = 10 * 60_000;

const cache = new Map<string, { at: number; schema: Promise<KindSchema> }>();

async function loadKindSchema(kind: string): Promise<KindSchema> {
  const { gateway } = await getKube();
  try {
    const info = await gateway.resolve(kind);
    const doc = await gateway.openApi(info.group, info.version);
    const schema = doc && kindSchema(doc, info.group, info.version, info.kind);
    if (!schema) throw notFound(`The cluster publishes no schema for kind ${kind}`);
    return schema;
  } catch (error) {
    const status = asKubeError(error)?.status;
    if (status === 404) throw notFound(`The cluster has no resource of kind ${kind}`);
    if (status !== undefined) throw unavailable(`The cluster's schema for ${kind} could not be read: ${describeError(error)}`);
    throw error;
  }
}

/** The compact schema of `kind` from the cluster's OpenAPI v3 (through the gateway), cached per kind; failures are not kept. */
export function getKindSchemaOrThrow(kind: string): Promise<KindSchema> {
  const hit = cache.get(kind);
  if (hit && Date.now() - hit.at < KIND_SCHEMA_TTL_MS) return hit.schema;
  const schema = loadKindSchema(kind);
  cache.set(kind, { at: Date.now(), schema });
  schema.catch(() => cache.delete(kind));
  return schema;
}
