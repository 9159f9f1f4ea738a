import { type ObjectId, buildCrdIndex, identityOf, objectKey, parseStoredObject } from "@/lib/materialize";
import { type Tx, withWriteLock } from "@/lib/store/tx";
import { decrypt } from "../crypto";
import { currentHead } from "./state";

/**
 * Stores written before objects had an identity named each object by `metadata.name` alone
 * (names were unique). This gives every stored base config its identity (group, kind,
 * namespace, name: read from its text, so Secrets are decrypted here) and renames the object
 * everywhere to its key: base configs, materialized configs (by the kind each row was for),
 * label bindings and patch targets (to the object the name found then: its newest base).
 * It runs at start-up under the write lock, does nothing once every row has its identity, and
 * keeps every row: a failure leaves the store as it was (one transaction).
 */

type Row = { id: string; object_name: string; release_version: string; revision: number; kind: string; config: string };

export async function migrateObjectIdentities(): Promise<number> {
  return withWriteLock(async (tx) => {
    const rows = await tx.$queryRaw<Row[]>`
      SELECT id::text, object_name, release_version, revision, kind, config FROM base_configs WHERE name = ''`;
    if (rows.length === 0) return 0;
    const objects = rows.map((row) => ({ row, object: parseStoredObject(decrypt(row.config)) }));
    const scopes = buildCrdIndex(objects.map((o) => o.object));
    const ids = objects.map(({ row, object }) => ({ row, id: identityOf(object, scopes) }));
    await renameBaseConfigs(tx, ids);
    // The key an old name stood for: per kind (materialized rows, kind labels), and its current base's.
    const byName = new Map<string, { key: string; kind: string; releaseVersion: string; revision: number }[]>();
    for (const { row, id } of ids) {
      const revision = { key: objectKey(id), kind: id.kind, releaseVersion: row.release_version, revision: row.revision };
      const list = byName.get(row.object_name);
      if (list === undefined) byName.set(row.object_name, [revision]);
      else list.push(revision);
    }
    const names = [...byName.keys()];
    const currentKeys = names.map((n) => currentHead(byName.get(n)!)!.key);
    const kindPairs = [...byName].flatMap(([name, revisions]) => [...new Map(revisions.map((r) => [r.kind, r.key]))].map(([kind, key]) => ({ name, kind, key })));
    await tx.$executeRaw`
      UPDATE materialized_configs m SET object_name = u.key
      FROM unnest(${kindPairs.map((p) => p.name)}::text[], ${kindPairs.map((p) => p.kind)}::text[], ${kindPairs.map((p) => p.key)}::text[]) AS u(name, kind, key)
      WHERE m.object_name = u.name AND m.metadata->>'type' = u.kind`;
    await tx.$executeRaw`
      UPDATE materialized_configs m SET object_name = u.key
      FROM unnest(${names}::text[], ${currentKeys}::text[]) AS u(name, key) WHERE m.object_name = u.name`;
    await tx.$executeRaw`
      UPDATE label_bindings b SET object_name = u.key
      FROM unnest(${kindPairs.map((p) => p.name)}::text[], ${kindPairs.map((p) => p.kind)}::text[], ${kindPairs.map((p) => p.key)}::text[]) AS u(name, kind, key)
      WHERE b.object_name = u.name AND b.label = u.kind`;
    await tx.$executeRaw`
      UPDATE label_bindings b SET object_name = u.key
      FROM unnest(${names}::text[], ${currentKeys}::text[]) AS u(name, key) WHERE b.object_name = u.name`;
    await tx.$executeRaw`
      UPDATE patches p SET target = u.key
      FROM unnest(${names}::text[], ${currentKeys}::text[]) AS u(name, key) WHERE p.target = u.name`;
    return rows.length;
  });
}

async function renameBaseConfigs(tx: Tx, ids: readonly { row: Row; id: ObjectId }[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE base_configs b SET object_name = u.key, api_group = u.grp, namespace = u.ns, name = u.name
    FROM unnest(
      ${ids.map((i) => i.row.id)}::uuid[], ${ids.map((i) => objectKey(i.id))}::text[], ${ids.map((i) => i.id.group)}::text[],
      ${ids.map((i) => i.id.namespace)}::text[], ${ids.map((i) => i.id.name)}::text[]
    ) AS u(id, key, grp, ns, name)
    WHERE b.id = u.id`;
}
