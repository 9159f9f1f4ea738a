import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toJson } from "./json-write";

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
})).value;

describe("toJson", () => {
  it("writes what JSON.stringify writes (values without bigints, with and without indentation)", () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(0, 2, 4), (value, indent) => {
        expect(toJson(value, indent)).toBe(JSON.stringify(value, null, indent) ?? "null");
      }),
      { numRuns: 3000 },
    );
  });

  it("writes bigints in full, where JSON.stringify throws", () => {
    const value = { max: 9223372036854775807n, list: [-9223372036854775808n, 1], when: new Date(0) };
    expect(toJson(value)).toBe('{"max":9223372036854775807,"list":[-9223372036854775808,1],"when":"1970-01-01T00:00:00.000Z"}');
    expect(toJson({ a: [1n] }, 2)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});
