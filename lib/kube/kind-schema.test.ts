import { describe, expect, it } from "vitest";
import { kindSchema } from "./kind-schema";
import { openApiDoc } from "./sim/openapi";

// A real API server's OpenAPI v3 shapes (kube-openapi): io.k8s.* names, refs wrapped in allOf,
// int-or-string, quantities as oneOf, a CRD with preserve-unknown-fields, free-form objects.
const REAL_SHAPED = {
  openapi: "3.0.0",
  components: {
    schemas: {
      "io.k8s.api.apps.v1.Deployment": {
        type: "object",
        properties: {
          apiVersion: { type: "string" },
          metadata: { default: {}, allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }] },
          spec: { default: {}, allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec" }] },
        },
        "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1", kind: "Deployment" }],
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
        type: "object",
        properties: { labels: { type: "object", additionalProperties: { type: "string", default: "" } } },
      },
      "io.k8s.api.apps.v1.DeploymentSpec": {
        type: "object",
        required: ["selector"],
        properties: {
          replicas: { type: "integer", format: "int32" },
          maxSurge: { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
          limits: { type: "object", additionalProperties: { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity" } },
          extension: { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension" },
          widgets: { type: "array", items: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { size: { type: "integer" } } } },
        },
      },
      "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: "string", format: "int-or-string" },
      "io.k8s.apimachinery.pkg.api.resource.Quantity": { oneOf: [{ type: "string" }, { type: "number" }] },
      "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "object" },
      "io.k8s.api.apps.v1.Unreached": { type: "object" },
    },
  },
};

describe("kindSchema", () => {
  it("compacts a real server's shapes, keeping only the definitions the kind reaches", () => {
    const schema = kindSchema(REAL_SHAPED, "apps", "v1", "Deployment");
    expect(schema).toEqual({
      kind: "Deployment",
      apiVersion: "apps/v1",
      root: "io.k8s.api.apps.v1.Deployment",
      definitions: {
        "io.k8s.api.apps.v1.Deployment": {
          type: "object",
          fields: { apiVersion: { type: "scalar", of: ["string"] }, metadata: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", spec: "io.k8s.api.apps.v1.DeploymentSpec" },
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": { type: "object", fields: { labels: { type: "object", fields: {}, values: { type: "scalar", of: ["string"] } } } },
        "io.k8s.api.apps.v1.DeploymentSpec": {
          type: "object",
          fields: {
            replicas: { type: "scalar", of: ["integer"] },
            maxSurge: "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
            limits: { type: "object", fields: {}, values: "io.k8s.apimachinery.pkg.api.resource.Quantity" },
            extension: "io.k8s.apimachinery.pkg.runtime.RawExtension",
            widgets: { type: "list", items: { type: "object", fields: { size: { type: "scalar", of: ["integer"] } }, values: { type: "any" } } },
          },
        },
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: "scalar", of: ["integer", "string"] },
        "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: "scalar", of: ["string", "number"] },
        "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "any" },
      },
    });
  });

  it("is null when no schema names the kind", () => {
    expect(kindSchema(REAL_SHAPED, "apps", "v1", "StatefulSet")).toBeNull();
    expect(kindSchema({ openapi: "3.0.0" }, "apps", "v1", "Deployment")).toBeNull();
  });

  it("finds every kind the simulator serves in its OpenAPI documents", () => {
    const kinds: [string, string, string][] = [
      ["apps", "v1", "Deployment"],
      ["apps", "v1", "StatefulSet"],
      ["", "v1", "ConfigMap"],
      ["", "v1", "Service"],
      ["batch", "v1", "Job"],
      ["autoscaling", "v2", "HorizontalPodAutoscaler"],
      ["networking.k8s.io", "v1", "Ingress"],
    ];
    for (const [group, version, kind] of kinds) expect(kindSchema(openApiDoc(group, version)!, group, version, kind)?.kind, kind).toBe(kind);
  });
});
