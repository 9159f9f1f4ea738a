/**
 * JSON patches on documents with integers beyond 2^53 (bigints, as the YAML readers keep them):
 * fast-json-patch copies and prints values with JSON.stringify, which throws on a bigint. Table:
 * { description, doc, patch, expected | error }.
 */
import type { Operation } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { MaterializeError } from "./errors";
import { applyJsonPatch } from "./json-patch";

const BIG = 9223372036854775807n;
const doc = () => ({ spec: { big: BIG, list: [BIG, 1], nested: { big: -BIG - 1n } } });

const cases: { description: string; patch: Operation[]; expected?: unknown; error?: RegExp }[] = [
  { description: "copy keeps the digits", patch: [{ op: "copy", from: "/spec/nested", path: "/spec/copy" }], expected: { spec: { ...doc().spec, copy: { big: -BIG - 1n } } } },
  { description: "copy into a list", patch: [{ op: "copy", from: "/spec/big", path: "/spec/list/0" }], expected: { spec: { ...doc().spec, list: [BIG, BIG, 1] } } },
  { description: "move over a value that holds one", patch: [{ op: "move", from: "/spec/big", path: "/spec/nested" }], expected: { spec: { list: [BIG, 1], nested: BIG } } },
  { description: "test of equal bigints passes", patch: [{ op: "test", path: "/spec/big", value: BIG }, { op: "remove", path: "/spec/list" }], expected: { spec: { big: BIG, nested: { big: -BIG - 1n } } } },
  { description: "replace with a bigint", patch: [{ op: "replace", path: "/spec/big", value: 2n ** 60n }], expected: { spec: { ...doc().spec, big: 2n ** 60n } } },
  { description: "test of different bigints fails", patch: [{ op: "test", path: "/spec/big", value: BIG - 1n }], error: /operation 0 \(test \/spec\/big\) failed: Test operation failed/ },
  { description: "a missing path fails with fast-json-patch's reason", patch: [{ op: "remove", path: "/spec/missing" }], error: /Cannot perform the operation at a path that does not exist/ },
  { description: "a move from a missing path", patch: [{ op: "move", from: "/spec/missing", path: "/spec/x" }], error: /Cannot perform the operation from a path that does not exist/ },
  { description: "a copy from a missing path", patch: [{ op: "copy", from: "/spec/missing", path: "/spec/x" }], error: /Cannot perform the operation from a path that does not exist/ },
];

describe("JSON patch on integers beyond 2^53", () => {
  it.each(cases)("$description", ({ patch, expected, error }) => {
    const input = doc();
    if (error !== undefined) {
      let thrown: unknown;
      try {
        applyJsonPatch(input, patch);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(MaterializeError);
      expect((thrown as MaterializeError).message).toMatch(error);
    } else {
      expect(applyJsonPatch(input, patch)).toEqual(expected);
    }
    expect(input).toEqual(doc());
    expect((BigInt.prototype as { toJSON?: unknown }).toJSON).toBeUndefined();
  });
});
