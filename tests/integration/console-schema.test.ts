import { describe, expect, inject, it } from "vitest";
import type { KindSchema, SchemaRef } from "@/lib/kube/kind-schema";
import { get } from "../support/http";

// GET console/schema/KIND on the shared servers: the kind's schema from the simulated cluster's
// OpenAPI v3 (read through the gateway), compact, for the patch editor's field checks.

type Envelope<T> = { statusCode: number; data: T; error: string | null };

describe.each(inject("servers"))("GET console/schema/KIND on $name", (server) => {
  const field = (schema: KindSchema, ref: SchemaRef, ...path: string[]): SchemaRef => {
    let at = ref;
    for (const name of path) {
      const s = typeof at === "string" ? schema.definitions[at] : at;
      if (typeof s !== "object" || s.type !== "object") throw new Error(`${path.join(".")}: ${name} is not in an object`);
      at = s.fields[name]!;
    }
    return typeof at === "string" ? schema.definitions[at]! : at;
  };

  it("401 without a token", async () => {
    const response = await get(server, "/console/schema/Deployment", null);
    expect(response.status).toBe(401);
  });

  it("a Deployment's schema: fields with their types, containers a list of objects", async () => {
    const response = await get(server, "/console/schema/Deployment");
    expect(response.status, response.text).toBe(200);
    const schema = (response.body as Envelope<KindSchema>).data;
    expect(schema).toMatchObject({ kind: "Deployment", apiVersion: "apps/v1" });
    expect(field(schema, schema.root, "spec", "replicas")).toEqual({ type: "scalar", of: ["integer"] });
    expect(field(schema, schema.root, "spec", "paused")).toEqual({ type: "scalar", of: ["boolean"] });
    const containers = field(schema, schema.root, "spec", "template", "spec", "containers");
    expect(containers).toMatchObject({ type: "list" });
    const container = field(schema, (containers as { items: SchemaRef }).items);
    expect(container).toMatchObject({ type: "object" });
    expect(Object.keys((container as { fields: object }).fields)).toEqual(expect.arrayContaining(["name", "image", "env", "ports", "resources"]));
    expect(field(schema, (containers as { items: SchemaRef }).items, "image")).toEqual({ type: "scalar", of: ["string"] });
    expect(field(schema, schema.root, "metadata", "labels")).toEqual({ type: "object", fields: {}, values: { type: "scalar", of: ["string"] } });
  });

  it("404 for a kind the cluster does not serve, saying so", async () => {
    const response = await get(server, "/console/schema/Frobnicator");
    expect(response.status).toBe(404);
    expect((response.body as Envelope<null>).error).toBe("The cluster has no resource of kind Frobnicator");
  });

  it("404 for a kind the cluster serves without publishing a schema (the editor falls back to syntax checks)", async () => {
    // The simulator serves core/v1 Events, but its OpenAPI documents have no schema for them.
    const response = await get(server, "/console/schema/Event");
    expect(response.status).toBe(404);
    expect((response.body as Envelope<null>).error).toBe("The cluster publishes no schema for kind Event");
  });

  it("400 for something that is not a kind", async () => {
    const response = await get(server, "/console/schema/not-a-kind");
    expect(response.status).toBe(400);
    expect((response.body as Envelope<null>).error).toMatch(/kind must be a Kubernetes kind/);
  });
});
