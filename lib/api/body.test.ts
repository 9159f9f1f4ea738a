import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { bodyFields, readBody } from "./body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers });

describe("readBody", () => {
  it("parses JSON, with or without a content type", async () => {
    expect(await readBody(post('{"a":1}', { "content-type": "application/json" }), 1024)).toEqual({ kind: "json", value: { a: 1 } });
    expect(await readBody(post(new Blob(['{"a":2}'])), 1024)).toEqual({ kind: "json", value: { a: 2 } });
  });

  it("parses forms with repeated keys", async () => {
    const body = await readBody(post("label=a&label=b&object_name=x", { "content-type": "application/x-www-form-urlencoded" }), 1024);
    expect(bodyFields(body)).toEqual({ label: ["a", "b"], object_name: "x" });
  });

  it("parses multipart fields and files", async () => {
    const form = new FormData();
    form.append("release_version", "23.07.1");
    form.append("file", new Blob(["kind: Deployment\n"]), "base.yaml");
    const body = await readBody(post(form), 10_000);
    expect(body.kind).toBe("form");
    if (body.kind !== "form") return;
    expect(bodyFields(body)).toEqual({ release_version: "23.07.1" });
    expect(body.files).toHaveLength(1);
    expect(body.files[0]).toMatchObject({ field: "file", filename: "base.yaml" });
    expect(body.files[0]!.data.toString()).toBe("kind: Deployment\n");
  });

  it("refuses bodies over the limit with 413, in every format", async () => {
    const big = "x".repeat(2048);
    const form = new FormData();
    form.append("file", new Blob([big]), "big.yaml");
    for (const request of [post(big, { "content-type": "application/json" }), post(`a=${big}`, { "content-type": "application/x-www-form-urlencoded" }), post(form)]) {
      const error = await readBody(request, 1024).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(413);
    }
  });

  it("refuses malformed and deeply nested JSON, and JSON that is not an object", async () => {
    await expect(readBody(post("{", { "content-type": "application/json" }), 1024)).rejects.toThrow(/Malformed JSON/);
    const deep = "[".repeat(100) + "]".repeat(100);
    await expect(readBody(post(deep, { "content-type": "application/json" }), 10_000)).rejects.toThrow(/nested deeper/);
    expect(() => bodyFields({ kind: "json", value: [1] })).toThrow(/must be a JSON object/);
  });

  it("keeps __proto__ keys inert", async () => {
    const body = await readBody(post('{"__proto__":{"polluted":true}}', { "content-type": "application/json" }), 1024);
    const fields = bodyFields(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });
});
